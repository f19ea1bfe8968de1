"""The first screen is the page's, not the header's (issue 18), in real Chromium at 390 × 844
without JavaScript: on every page type, in 简体, 繁體 and English, the page's own content starts
within the top third of the screen; the translation notice is one line; the languages, the
search and the navigation stay one tap away."""

import pytest

from .pages import ALL_LANGS, PAGE_TYPES, all_pages

PHONE = {"width": 390, "height": 844}
TOP_THIRD = PHONE["height"] / 3  # 281 px

# Where the page's own content starts: the first text or picture in <main> that shows, leaving
# out the line on which language version is authoritative (measured on its own below).
FIRST_CONTENT = """() => {
  const walker = document.createTreeWalker(document.querySelector('main'),
                                           NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.nodeType === Node.TEXT_NODE;
    const el = text ? node.parentElement : node;
    if (el.closest('.lang-notice, .visually-hidden')) continue;
    if (text ? !node.textContent.trim() : !node.matches('img, svg')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = text ? range.getBoundingClientRect() : el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const what = `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}"`;
    return {y: box.top + scrollY, what};
  }
  return null;
}"""

# The lines the notice's text takes: the distinct tops of its text's line boxes.
NOTICE_LINES = """() => {
  const notice = document.querySelector('main .lang-notice');
  if (!notice) return null;
  const walker = document.createTreeWalker(notice, NodeFilter.SHOW_TEXT), tops = new Set();
  while (walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const r of range.getClientRects()) if (r.width > 1) tops.add(Math.round(r.top / 8));
  }
  return tops.size;
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("page_id,url", all_pages(ALL_LANGS), ids=[i for i, _ in all_pages(ALL_LANGS)])
def test_the_content_starts_in_the_top_third(phone, live_server, page_id, url):
    phone.goto(live_server + url)
    first = phone.evaluate(FIRST_CONTENT)
    assert first is not None
    assert first["y"] <= TOP_THIRD, f"content starts at y = {first['y']:.0f} ({first['what']})"


@pytest.mark.parametrize("lang", ["zh-hant", "en"])
@pytest.mark.parametrize("name", ["home", "project", "search"])
def test_the_translation_notice_is_one_line(phone, live_server, lang, name):
    phone.goto(live_server + PAGE_TYPES[name].format(lang=lang))
    assert phone.evaluate(NOTICE_LINES) == 1


def test_chinese_pages_have_no_translation_notice(phone, live_server):
    phone.goto(live_server + PAGE_TYPES["home"].format(lang="zh"))
    assert phone.evaluate(NOTICE_LINES) is None


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_languages_search_and_navigation_are_one_tap_away(phone, live_server, lang):
    phone.goto(f"{live_server}/{lang}/parks/new-materials-park/")
    others = phone.locator(".lang-switch a")
    assert others.count() == 2 and others.nth(0).is_visible() and others.nth(1).is_visible()
    assert phone.locator("#site-search-q").is_visible()
    nav = phone.locator("nav.nav a")
    assert not nav.first.is_visible()  # folded: the menu's button opens it, without script
    phone.locator(".menu > summary").click()
    assert nav.count() == 7 and all(nav.nth(i).is_visible() for i in range(nav.count()))
    assert phone.locator(".display-switch a").first.is_visible()
    phone.locator(f"nav.nav a[href='/{lang}/parks/']").click()
    phone.wait_for_load_state("load")
    assert phone.url == f"{live_server}/{lang}/parks/"
    phone.locator("#site-search-q").fill("标准化厂房")
    phone.locator(".site-search button").click()
    phone.wait_for_load_state("load")
    assert f"/{lang}/search?q=" in phone.url


def test_on_a_desktop_the_navigation_is_open(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/en/")
    assert not page.locator(".menu > summary").is_visible()
    assert page.locator("nav.nav a").first.is_visible()
    assert page.locator(".display-switch a").first.is_visible()
    header = page.locator("header.masthead").bounding_box()
    assert header["height"] <= 120  # the search, the languages and the navigation in two rows
    context.close()
