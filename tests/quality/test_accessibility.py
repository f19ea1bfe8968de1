"""axe-core in real Chromium: zero violations on every public page type in both languages."""

import pytest

from .components import AXE_JS, require_axe
from .pages import browser_pages

BROKEN_PAGE = """<!doctype html><html><head><title>x</title></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#eee;background:#fff">low contrast</p><a href="#"></a></body></html>"""


@pytest.fixture(scope="module")
def axe_page(browser):
    require_axe()
    # The checker is injected as a script; our own CSP rightly forbids that, so bypass it here.
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


def violations(page):
    page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in found]


@pytest.mark.parametrize("page_id,url", browser_pages(), ids=[i for i, _ in browser_pages()])
def test_no_accessibility_violations(axe_page, live_server, page_id, url):
    axe_page.goto(live_server + url)
    assert violations(axe_page) == []


def test_axe_catches_a_broken_page(axe_page):
    axe_page.set_content(BROKEN_PAGE)
    found = violations(axe_page)
    assert any(v.startswith("image-alt") for v in found)
    assert any(v.startswith("html-has-lang") for v in found)
