"""Real Chromium, as an investor on a phone or a desk would use the site."""

from pathlib import Path

import pytest

from portal.i18n import HREFLANG

from .pages import all_pages
from .watch import PageWatch

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


def snap(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{page.viewport_name}-{name}.png")


def visit_step(page, watch, name):
    page.wait_for_load_state("load")
    assert watch.horizontal_overflow() <= 0, f"{name}: horizontal scroll at {page.url}"
    snap(page, name)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_journey_home_to_a_free_unit(page, live_server, lang):
    watch = PageWatch(page, live_server)
    page.goto(f"{live_server}/{lang}/")
    visit_step(page, watch, f"{lang}-1-home")

    if page.locator(".menu > summary").is_visible():  # on a phone the navigation is in the menu
        page.locator(".menu > summary").click()
    page.locator("nav.nav a[href$='/projects/']").click()
    visit_step(page, watch, f"{lang}-2-projects")
    assert page.url.endswith(f"/{lang}/projects/")

    page.locator("a[href$='/projects/manganese-deep-processing/']").first.click()
    visit_step(page, watch, f"{lang}-3-project")

    page.locator("article.detail a[href*='/parks/']").first.click()
    visit_step(page, watch, f"{lang}-4-park")
    assert f"/{lang}/parks/" in page.url

    page.locator("a[href*='/spaces/?park=']").click()
    page.wait_for_load_state("load")
    if page.locator("details.filter-fold > summary").is_visible():  # folded on a phone
        page.locator("details.filter-fold > summary").click()
    page.select_option("#f-status", "vacant")
    page.locator("form.finder button[type=submit]").click()
    visit_step(page, watch, f"{lang}-5-vacant-units")
    statuses = page.locator("table.units tbody tr td.status .tag").all_inner_texts()
    assert statuses and len(set(statuses)) == 1

    page.locator("table.units tbody tr th a").first.click()
    page.wait_for_load_state("load")
    assert "/units/" in page.url
    unit_id = page.url.rstrip("/").rsplit("/", 1)[1]
    assert unit_id in page.locator("h1").inner_text()
    assert watch.problems == []


@pytest.mark.parametrize("lang,other", [("zh", "en"), ("en", "zh-hant"), ("zh-hant", "zh")])
def test_language_switch_keeps_the_item(page, live_server, lang, other):
    watch = PageWatch(page, live_server)
    page.goto(f"{live_server}/{lang}/projects/manganese-deep-processing/")
    before = page.locator("h1").inner_text()
    page.locator(f'.lang-switch a[hreflang="{HREFLANG[other]}"]').click()
    page.wait_for_load_state("load")
    assert page.url == f"{live_server}/{other}/projects/manganese-deep-processing/"
    assert page.locator("h1").inner_text() != before
    assert page.locator("html").get_attribute("lang") == HREFLANG[other]
    # The choice is remembered: the bare address now leads to the chosen language.
    page.goto(f"{live_server}/")
    assert page.url == f"{live_server}/{other}/"
    assert watch.problems == []


@pytest.mark.parametrize("page_id,url", all_pages(), ids=[i for i, _ in all_pages()])
def test_every_page_type_fits_a_phone_and_stays_on_site(browser, live_server, page_id, url):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    expected = (404,) if page_id.startswith("not-found") else (200,)
    watch = PageWatch(page, live_server, allowed_statuses=(200, 304, *expected))
    response = page.goto(live_server + url)
    page.wait_for_load_state("load")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # load lazy images too
    page.wait_for_load_state("networkidle")
    assert response.status in expected
    assert watch.horizontal_overflow() <= 0, f"horizontal scroll on {url}"
    problems = watch.problems
    if 404 in expected:  # the browser reports the 404 document itself; that is the point here
        problems = [p for p in problems if "status of 404" not in p]
    assert problems == []
    context.close()
