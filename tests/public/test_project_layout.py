"""A project page on a 390 × 844 phone, in real Chromium: the key facts, the responsible desk
and the inquiry button are on the first screen, and an inquiry button is there at the end."""

import threading

import pytest
from werkzeug.serving import make_server

from ..conftest import SAMPLE_CONTENT, build_app

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = build_app(SAMPLE_CONTENT, tmp_path_factory.mktemp("layout-instance"))
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", app
    httpd.shutdown()
    thread.join(timeout=5)


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
