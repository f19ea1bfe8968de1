"""A desk's WeChat contact: the desk's own QR code image, saved from WeChat (``wechat_qr``), is
shown as an <img> at a real image address, which WeChat's long-press recognises, and decodes to
the desk's WeChat address (not to its ID's text); the caption says "long-press" on a phone and
"scan" elsewhere. Without an image, the ID with a copy button (working with JavaScript; without
it, the ID as selectable text). The field is checked like a photo: the file exists, is an image."""

import io
import re

import pytest
import segno
from flask_babel import gettext
from PIL import Image

from portal.cli import main
from portal.leads.answers import in_language

from ..conftest import SAMPLE_CONTENT, build_app
from ..helpers import serving
from ..partners.codes import decode_png

LANGS = ("zh", "zh-hant", "en")
CHAMBER_QR = "https://u.wechat.com/EKxqQl7nbWvSz1a8mTqD3cU"  # content/desks/shenzhen-chamber/wechat-qr.png
TEAM_QR = "https://u.wechat.com/MqT9Kd2xVb4nPz7sLw1cRa0"
BLOCK = re.compile(r'<span class="wechat-contact.*?</span>\s*</span>\s*</span>', re.S)
IMG = re.compile(r'<img class="wechat-qr" src="([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]+)"')
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def texts(app, lang, *messages):
    """``messages`` as the site writes them in ``lang``."""
    with app.test_request_context(f"/{lang}/"), in_language("zh" if lang == "zh-hant" else lang):
        return [gettext(m) for m in messages]


def blocks(html):
    return BLOCK.findall(html)


def save_qr(path, text, size_modules=10):
    segno.make(text, error="h", micro=False).save(str(path), kind="png", scale=size_modules, border=4)


def add_qr(folder, name, text=TEAM_QR, wechat="qinglan_materials"):
    """Give the desk in ``folder`` a WeChat ID (if it has none) and the QR image ``name``."""
    index = folder / "index.zh.md"
    source = index.read_text("utf-8")
    if "\nwechat:" not in source:
        source = source.replace("\nphone:", f"\nwechat: {wechat}\nphone:", 1)
    index.write_text(source.replace("\nphone:", f"\nwechat_qr: {name}\nphone:", 1), "utf-8")
    if text is not None:
        save_qr(folder / name, text)


@pytest.mark.parametrize("lang", LANGS)
def test_the_desks_own_qr_image_is_an_img_that_decodes_to_its_wechat_address(sample_app, lang):
    client = sample_app.test_client()
    html = client.get(f"/{lang}/contact/shenzhen-chamber/").get_data(as_text=True)
    [block] = blocks(html)
    [(src, width, height, alt)] = IMG.findall(block)
    assert "<svg" not in block and "qr-wechat" not in html  # no drawing of the ID's text any more
    image = client.get(src)  # a real image address, as long-press needs
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(image.data)) as shown:
        assert shown.size == (int(width), int(height))
    assert decode_png(image.data) == [CHAMBER_QR]  # the desk's WeChat address, not "szqinglan_chamber"
    long_press, scan = texts(sample_app, lang, "In WeChat, long-press the code to add us",
                             "Scan the code with WeChat to add us")
    if lang == "zh-hant":
        long_press, scan = (sample_app.extensions["content"].current.hant.text(t) for t in (long_press, scan))
    assert f'<span class="on-touch">{long_press}</span>' in block
    assert f'<span class="on-pointer">{scan}</span>' in block
    assert "深圳青岚商会" in alt or "Shenzhen" in alt or "深圳青嵐商會" in alt
    assert '<span class="wechat-id">szqinglan_chamber</span>' in block
    assert re.search(r'<button type="button" class="copy-button" data-copy="szqinglan_chamber"[^>]* hidden>',
                     block)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["contact/prd-office/", "contact/"])
def test_without_an_image_the_id_with_a_copy_button(sample_app, lang, path):
    html = sample_app.test_client().get(f"/{lang}/{path}").get_data(as_text=True)
    found = {re.search(r'class="wechat-id">([^<]+)<', b).group(1): b for b in blocks(html)}
    assert "qinglan_prd" in found
    block = found["qinglan_prd"]
    assert "<img" not in block and "<svg" not in block
    assert re.search(r'<button type="button" class="copy-button" data-copy="qinglan_prd"[^>]* hidden>', block)
    if path == "contact/":  # the list: the chamber with its image, every other desk with its ID
        assert IMG.search(found["szqinglan_chamber"])
        assert sum(bool(IMG.search(b)) for b in found.values()) == 1 and len(found) == 6
    assert html.count("js/copy.js") == len(found)  # loaded with each block; binds each button once


def test_the_contact_box_shows_the_image_of_the_items_desk(make_app, content_copy):
    add_qr(content_copy / "desks" / "materials-team", "qr.png")
    client = make_app(content_copy).test_client()
    for lang in LANGS:
        html = client.get(f"/{lang}/projects/manganese-sulfate/").get_data(as_text=True)
        box = re.search(r'<aside class="contact-box".*?</aside>', html, re.S).group(0)
        [(src, *_)] = IMG.findall(box)
        assert decode_png(client.get(src).data) == [TEAM_QR]
        assert '<span class="wechat-id">qinglan_materials</span>' in box


def test_a_small_qr_image_is_no_blurred_photo(make_app, content_copy):
    """An image saved from WeChat is a few hundred pixels wide: no "use a wider photo" warning."""
    add_qr(content_copy / "desks" / "materials-team", "wechat.png")
    with Image.open(content_copy / "desks" / "materials-team" / "wechat.png") as image:
        assert image.width < 960
    app = make_app(content_copy)
    bundle = app.extensions["content"].current.bundles["desks", "materials-team"]
    assert bundle.items["zh"].wechat_qr == "wechat.png" and bundle.warnings == ()


@pytest.mark.parametrize(("name", "write", "message"), [
    ("missing.png", None, "file 'missing.png' not found"),
    ("qr.gif", b"GIF89a", "'qr.gif' must be a PNG or JPG image"),
    ("qr.svg", b"<svg/>", "'qr.svg' must be a PNG or JPG image"),
    ("../bureau/qr.png", None, "must be the name of a file in this folder"),
])
def test_a_qr_image_that_is_not_there_or_no_image_is_an_error(runner_for, content_copy, name, write, message):
    folder = content_copy / "desks" / "materials-team"
    add_qr(folder, name, text=None)
    if write is not None:
        (folder / name).write_bytes(write)
    result = runner_for(content_copy)
    assert result.exit_code != 0
    assert "desks/materials-team/index.zh.md" in result.output and message in result.output
    assert "wechat_qr" in result.output


def test_an_image_that_cannot_be_opened_is_reported_and_the_id_shown(make_app, runner_for, content_copy):
    folder = content_copy / "desks" / "materials-team"
    add_qr(folder, "qr.png", text=None)
    (folder / "qr.png").write_bytes(b"not a picture at all")
    result = runner_for(content_copy)
    assert "photo 'qr.png' cannot be opened" in result.output
    html = make_app(content_copy).test_client().get("/zh/contact/materials-team/").get_data(as_text=True)
    [block] = blocks(html)
    assert "<img" not in block and '<span class="wechat-id">qinglan_materials</span>' in block


@pytest.fixture
def runner_for(runner):
    """``portal check`` on a content folder, as staff run it."""
    return lambda content_dir: runner.invoke(main, ["check", str(content_dir)])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = build_app(SAMPLE_CONTENT, tmp_path_factory.mktemp("wechat-instance"))
    with serving(app) as url:
        yield url, app


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_the_code_is_an_image_to_long_press_and_the_id_copies(browser, server, lang):
    from playwright.sync_api import expect

    base, app = server
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    try:
        page.goto(f"{base}/{lang}/contact/shenzhen-chamber/")
        image = page.locator("img.wechat-qr")
        image.scroll_into_view_if_needed()
        assert image.evaluate("i => i.complete && i.naturalWidth") > 0
        box = image.bounding_box()
        assert box["width"] >= 140 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        long_press, scan, done = texts(app, lang, "In WeChat, long-press the code to add us",
                                       "Scan the code with WeChat to add us",
                                       "Copied: search for it in WeChat")
        assert page.locator(".wechat-how .on-touch").is_visible()
        assert page.locator(".wechat-how .on-touch").inner_text() == long_press
        assert not page.locator(".wechat-how .on-pointer").is_visible()
        button = page.locator("button.copy-button")
        assert button.is_visible()
        button.click()
        expect(page.locator(".copy-status")).to_have_text(done)
        assert page.evaluate("navigator.clipboard.readText()") == "szqinglan_chamber"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(shot_path(f"wechat-phone-{lang}.png")), full_page=False)
    finally:
        context.close()
    desktop = browser.new_context(viewport=DESKTOP)
    page = desktop.new_page()
    try:
        page.goto(f"{base}/{lang}/contact/shenzhen-chamber/")
        assert page.locator(".wechat-how .on-pointer").inner_text() == scan
        assert not page.locator(".wechat-how .on-touch").is_visible()
    finally:
        desktop.close()


def test_without_javascript_the_id_is_text_to_select(browser, server):
    base, _ = server
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{base}/zh/contact/prd-office/")
        assert not page.locator("button.copy-button").is_visible()  # no button that cannot work
        the_id = page.locator(".wechat-id")
        assert the_id.is_visible() and the_id.inner_text() == "qinglan_prd"
        the_id.click(click_count=3)
        assert page.evaluate("String(window.getSelection())").strip() == "qinglan_prd"
    finally:
        context.close()


def shot_path(name):
    from ..quality.test_browser import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def test_the_sample_qr_image_is_a_real_wechat_code():
    """The sample chamber's image is what WeChat saves: a PNG holding a u.wechat.com address."""
    path = SAMPLE_CONTENT / "desks" / "shenzhen-chamber" / "wechat-qr.png"
    assert decode_png(path.read_bytes()) == [CHAMBER_QR]
