"""A project page on a 390 × 844 phone, in real Chromium: the key facts, the responsible desk
and the inquiry button are on the first screen, and an inquiry button is there at the end. A
portrait cover photo takes at most half a screen on a phone and on a 1280 × 800 desktop."""

import shutil

import pytest
from PIL import Image

from ..conftest import SAMPLE_CONTENT, build_app
from ..helpers import serving

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PORTRAIT = "fuxi-tea-processing"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = build_app(SAMPLE_CONTENT, tmp_path_factory.mktemp("layout-instance"))
    with serving(app) as url:
        yield url, app


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def sample_projects(app):
    return sorted(slug for section, slug in app.extensions["content"].current.bundles
                  if section == "projects")


def top(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_facts_desk_and_inquiry_are_on_the_first_phone_screen(server, phone, lang):
    base, app = server
    slugs = sample_projects(app)
    assert len(slugs) >= 10
    late = {}
    for slug in slugs:
        phone.goto(f"{base}/{lang}/projects/{slug}/")
        button = f".at-a-glance a.button[href*='project={slug}']"
        desk = ".at-a-glance .decision a[href*='/contact/']"
        facts = ".at-a-glance .facts"
        bottoms = {name: top(phone, sel) + phone.locator(sel).first.bounding_box()["height"]
                   for name, sel in (("button", button), ("desk", desk), ("facts", facts))}
        if top(phone, button) >= PHONE["height"] or max(bottoms.values()) > PHONE["height"]:
            late[slug] = {name: round(v) for name, v in bottoms.items()}
    assert late == {}, f"below the first screen (bottom edges in px): {late}"


def test_an_inquiry_button_is_there_at_the_end(server, phone):
    base, _app = server
    phone.goto(f"{base}/en/projects/manganese-deep-processing/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    buttons = phone.locator("a.button[href*='project=manganese-deep-processing']")
    assert buttons.count() == 2
    last = buttons.nth(1).bounding_box()
    assert last["y"] > height / 2  # the contact box after the article, not the first one again


@pytest.fixture(scope="module")
def portrait_server(tmp_path_factory):
    """The sample content with one project's cover replaced by a 1100 × 1650 portrait photo."""
    content = tmp_path_factory.mktemp("portrait") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    photo = Image.new("RGB", (1100, 1650), (96, 140, 96))
    for top in range(0, 1650, 150):  # stripes, so that a squeezed photo would show
        photo.paste((190, 90, 60), (0, top, 1100, top + 60))
    photo.save(content / "projects" / PORTRAIT / "cover.jpg", quality=85)
    app = build_app(content, tmp_path_factory.mktemp("portrait-instance"))
    with serving(app) as url:
        yield url


COVER = """() => {
  const img = document.querySelector('.cover img'), box = img.getBoundingClientRect();
  const facts = document.querySelector('.at-a-glance .facts').getBoundingClientRect();
  return {height: box.height, width: box.width, fit: getComputedStyle(img).objectFit,
          natural: img.naturalWidth / img.naturalHeight, facts: facts.bottom};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_portrait_cover_takes_at_most_half_a_screen(browser, portrait_server, viewport, lang):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{portrait_server}/{lang}/projects/{PORTRAIT}/")
    page.wait_for_function("document.querySelector('.cover img').complete")
    cover = page.evaluate(COVER)
    context.close()
    assert abs(cover["natural"] - 1100 / 1650) < 0.01  # the portrait photo is the one shown
    assert cover["height"] <= viewport["height"] / 2, cover
    assert cover["fit"] == "cover"  # cropped around its focal point, not squeezed
    assert cover["facts"] <= viewport["height"]  # the key facts on the first screen
