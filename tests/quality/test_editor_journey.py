"""A new project from the bureau's browsers to the public site, in real Chromium: an author types
the Chinese title through an input method, takes the proposed folder name, fills in the project,
previews it in a new tab and submits; a reviewer sends it back with a comment; the author fixes
it and submits again; two reviewers approve (projects take two steps); a publisher publishes; the
public page and the site's search show it within 5 s; the author uploads a phone photo taken on
its side with a GPS position, stored upright and without metadata; the history lists every step.

Once on a phone in Chinese and once on a desktop in English (each run is the whole journey).
Screenshots of each main step go to /tmp/editor-shots/ (not kept in the repository)."""

import re
import time
from pathlib import Path

import pytest
from PIL import Image

from portal.editor import revisions
from portal.staff import accounts

from ..conftest import build_app
from ..editor.test_uploads import phone_jpeg
from ..helpers import serving
from ..images.photos import no_metadata
from ..staff.helpers import PASSWORD, add_user
from .watch import PageWatch

SHOTS = Path("/tmp/editor-shots")
PEOPLE = {"author": ("wang.author", "author"), "reviewer": ("li.reviewer", "reviewer"),
          "reviewer2": ("zhao.reviewer", "reviewer"), "publisher": ("chen.publisher", "publisher")}
RUNS = {"phone-zh": ({"width": 390, "height": 844}, "zh", "富硒魔芋精深加工项目"),
        "desktop-en": ({"width": 1366, "height": 900}, "en", "青岚葛根全粉加工项目")}
# What the author types into the project's required fields (valid values, as the sample has them).
FIELDS = {
    "#f-zh-summary": "依托全县富硒魔芋种植基地，建设魔芋精粉、魔芋食品生产线。",
    "#f-zh-location": "青岚县富硒农业产业园",
    "#f-zh-total_investment": "２.８",
    "#f-zh-benefits-annual_output": "5",
    "#f-zh-benefits-annual_tax": "3000",
    "#f-zh-benefits-jobs": "３２０",
    "#f-zh-figures_basis": "可研估算 2026",
    "#f-zh-construction_content": "新建魔芋精粉车间、魔芋食品车间及冷库，年加工鲜魔芋５万吨。",
    "#f-zh-construction_conditions": "园区“七通一平”已完成，双回路供电。",
    "#f-zh-market_outlook": "魔芋食品年均增速超过１０％，本地原料供应稳定。",
    "#f-zh-department": " 县农业农村局 ",  # pasted with stray spaces
}
SELECTS = {"#f-zh-industry": "新农业", "#f-zh-status": "招商中", "#f-zh-maturity": "项目建议书",
           "#f-zh-desk": "新农业招商小分队", "#f-zh-total_investment-unit": "亿元",
           "#f-zh-benefits-annual_output-unit": "亿元", "#f-zh-benefits-annual_tax-unit": "万元"}
REJECTION = "总投资额请与可研报告核对，应为３亿元。"


@pytest.fixture
def newsroom_server(content_copy, tmp_path):
    """The app on a private copy of the fixture content (publishing writes files), served on
    loopback, with the four editors' accounts (each a viewer holding one content role)."""
    app = build_app(content_copy, tmp_path / "instance", SECRET_KEY="editor-journey")
    for name, role in PEOPLE.values():
        add_user(app, name, "viewer")
        with app.app_context():
            accounts.set_content_roles(name, (role,))
    with serving(app) as url:
        yield app, content_copy, url


class Desk:
    """One person's browser: their own context, signed in."""

    def __init__(self, browser, base, who, viewport, lang, shots):
        self.base, self.shots = base, shots
        self.context = browser.new_context(viewport=viewport)
        self.context.add_cookies([{"name": "lang", "value": lang, "url": base}])
        self.page = self.context.new_page()
        self.watch = PageWatch(self.page, base, allowed_statuses=(200, 302, 303, 304))
        self.page.goto(f"{base}/staff/login")
        self.page.fill("#name", PEOPLE[who][0])
        self.page.fill("#password", PASSWORD)
        self.click("main form button[type=submit]")

    def click(self, selector):
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()

    def open(self, path):
        response = self.page.goto(self.base + path)
        assert response.status == 200, f"{path}: {response.status}"

    def shot(self, name, page=None):
        SHOTS.mkdir(parents=True, exist_ok=True)
        (page or self.page).screenshot(path=str(SHOTS / f"{self.shots}-{name}.png"), full_page=True)
        assert (page or self.page).evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, \
            f"{name}: the page scrolls sideways"

    def problems(self):
        return self.page.locator(".error, [role=alert]").all_inner_texts()


def type_with_input_method(page, selector, text):
    """Type ``text`` as a Chinese input method does: a composition of pinyin that the input
    method then commits as characters (CDP's Input.imeSetComposition, then Input.insertText)."""
    page.locator(selector).click()
    cdp = page.context.new_cdp_session(page)
    for pinyin in ("fu", "fuxi", "fuximoyu"):
        cdp.send("Input.imeSetComposition", {"text": pinyin, "selectionStart": len(pinyin),
                                              "selectionEnd": len(pinyin)})
    cdp.send("Input.insertText", {"text": text})
    cdp.detach()


def edit_actions(action):
    """The edit form's button whose formaction ends with ``/action``."""
    return f"#editor-form button[formaction$='/{action}']"


def public_shows(browser, base, slug, title, start, lang="zh", within=5.0):
    """Seconds from ``start`` (the publish click) until the public page and the search show
    ``title``; fails after ``within``."""
    visitor = browser.new_context().new_page()
    found = False
    while time.monotonic() - start < within and not found:
        page = visitor.goto(f"{base}/{lang}/projects/{slug}/")
        found = page.status == 200 and title in visitor.locator("h1").first.inner_text()
        if not found:
            time.sleep(0.2)
    visitor.goto(f"{base}/{lang}/search?q={title}")
    in_search = visitor.locator(f"main a[href$='/projects/{slug}/']").count() > 0
    took = time.monotonic() - start
    visitor.context.close()
    assert found, f"/{lang}/projects/{slug}/ does not show {title} after {within} s"
    assert in_search, f"the search for {title} does not find /{lang}/projects/{slug}/"
    return took


@pytest.mark.parametrize("run", list(RUNS))
def test_a_new_project_goes_from_an_authors_browser_to_the_public_site(browser, newsroom_server, run):
    app, content, base = newsroom_server
    viewport, lang, title = RUNS[run]
    desks = []

    def desk(who):
        person = Desk(browser, base, who, viewport, lang, run)
        desks.append(person)
        return person

    author = desk("author")
    author.open("/staff/content/new")
    type_with_input_method(author.page, "#new-title", title)
    assert author.page.input_value("#new-title") == title
    author.click("button[name=action][value=propose]")
    slug = author.page.input_value("#new-slug")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    author.shot("1-new")
    author.click("button[name=action][value=create]")
    item = f"/staff/content/projects/{slug}/"
    assert author.page.url.endswith(item)

    for selector, value in FIELDS.items():
        author.page.fill(selector, value)
    for selector, label in SELECTS.items():
        author.page.select_option(selector, label=label)
    author.page.get_by_label("合资", exact=True).first.check()
    author.click("#editor-form .editor-actions button[type=submit]:not([formaction]):not([name])")
    assert author.page.locator("#editor-form .error").count() == 0, author.problems()
    author.shot("2-filled")

    with author.page.expect_popup() as opened:
        author.page.locator(edit_actions("preview")).click()
    preview = opened.value
    preview.wait_for_load_state("load")
    phone = preview.frame_locator("iframe.preview-phone").first
    assert phone.locator(".draft-banner").count() == 1
    assert title in phone.locator("h1").first.inner_text()
    author.shot("3-preview", preview)
    preview.close()

    author.click(edit_actions("submit"))
    assert author.page.locator(edit_actions("submit")).count() == 0  # submitted: no second submit

    reviewer = desk("reviewer")
    reviewer.open(item)
    reviewer.page.fill("#review-comment", REJECTION)
    reviewer.shot("4-review")
    reviewer.click(".editor-review button[value=reject]")

    author.open(item)
    assert REJECTION in author.page.locator("main [role=alert]").first.inner_text()
    author.shot("5-sent-back")
    author.page.fill("#f-zh-total_investment", "３")
    author.page.select_option("#f-zh-total_investment-unit", label="亿元")
    author.click(edit_actions("submit"))
    assert author.page.locator(edit_actions("submit")).count() == 0, author.problems()

    for who, opinion in (("reviewer", "同意。"), ("reviewer2", "同意发布")):
        approver = reviewer if who == "reviewer" else desk(who)
        approver.open(item)
        approver.page.fill("#review-comment", opinion)
        approver.click(".editor-review button[value=approve]")

    publisher = desk("publisher")
    publisher.open(item)
    publisher.shot("6-publish")
    clicked = time.monotonic()
    publisher.click(".editor-publish button[type=submit]")
    took = public_shows(browser, base, slug, title, clicked)
    publisher.shot("7-published")
    zh = (content / "projects" / slug / "index.zh.md").read_text(encoding="utf-8")
    assert f"title: {title}" in zh and "total_investment: 3亿元" in zh.replace("３", "3")

    author.open(item + "files")  # the folder exists once the text is published
    photo = Path(app.instance_path) / "IMG_20261201_093000.JPG"
    photo.write_bytes(phone_jpeg()[0])
    author.page.set_input_files("#upload-file", str(photo))
    author.page.fill("#alt-zh", "魔芋加工车间外景")
    author.page.fill("#alt-en", "Exterior of the konjac processing workshop")
    author.click("form[enctype='multipart/form-data'] button[type=submit]")
    assert author.page.locator("[role=alert]").count() == 0, author.problems()
    stored = content / "projects" / slug / "img-20261201-093000.jpg"
    no_metadata(stored.read_bytes())
    with Image.open(stored) as image:
        assert image.size == (300, 400)  # sent 400 × 300 on its side: stored upright
    author.shot("8-files")

    author.open(item + "history")
    with app.app_context():
        kinds = [r.kind for r in revisions.history("projects", slug)]
    # created, saved, submitted, sent back, fixed (saved by the submit), submitted, two steps, published
    assert kinds == ["save", "save", "submit", "reject", "save", "submit", "approve", "approve", "publish"]
    rows = author.page.locator("main tbody tr")
    assert rows.count() == len(kinds)
    history = author.page.locator("main tbody").inner_text()
    for name, _role in PEOPLE.values():
        assert name in history
    assert REJECTION in history and "同意发布" in history
    author.shot("9-history")
    for person in desks:
        assert person.watch.problems == [], person.watch.problems
        person.context.close()
    print(f"{run}: public page and search showed the project {took:.2f} s after publish")
