"""Real Chromium on a phone: an investor types an unspaced Chinese query into the header search box
and opens the project from the first result (issue 10). Here, not in tests/search, so that it
shares the session's one browser: a second Playwright instance cannot run beside it."""

import pytest

from .watch import PageWatch

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_unspaced_chinese_in_the_header_box_leads_to_the_tea_project(phone, live_server):
    watch = PageWatch(phone, live_server)
    phone.goto(f"{live_server}/zh/")
    box = phone.locator("form.site-search input[name=q]")
    box.fill("富硒茶加工")
    box.press("Enter")
    phone.wait_for_load_state("load")
    assert "/zh/search?q=" in phone.url
    assert "没有同时包含所有词语的结果" not in phone.locator("main").inner_text()
    first = phone.locator("ol.hits li.hit h2 a").first
    assert "富硒茶" in first.inner_text()
    first.click()
    phone.wait_for_load_state("load")
    assert phone.url == f"{live_server}/zh/projects/fuxi-tea-processing/"
    assert "富硒茶精深加工项目" in phone.locator("h1").inner_text()
    assert watch.problems == []


TITLE_LAYOUT = """link => {
  const marks = [...link.querySelectorAll('mark')];
  const lines = new Set();  // the lines its words stand on
  const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const rect of range.getClientRects()) lines.add(Math.round(rect.top));
  }
  return {text: link.textContent, shown: link.innerText.replace(/\\s+/g, ' ').trim(),
          marks: marks.map(m => [m.textContent, getComputedStyle(m).display]),
          lines: lines.size, width: link.getBoundingClientRect().width,
          available: link.closest('li').getBoundingClientRect().width};
}"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
@pytest.mark.parametrize("query,title", [
    ("manganse", "Electrolytic Manganese Metal Deep-processing Project"),
    ("factory for rent", "Qinglan County Measures to Support the Lease of Standard Factory Buildings"),
])
def test_a_highlighted_english_title_reads_as_one_line_of_words(browser, live_server, viewport, query,
                                                                 title):
    # Issue 18: the link is a flex box (44 px tap targets), so each <mark> and each run of text
    # between them became a column of its own and the spaces between them were lost.
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/en/search?q={query.replace(' ', '+')}")
        link = page.locator("ol.hits li.hit h2 a").filter(has_text=title.split()[-1]).first
        found = link.evaluate(TITLE_LAYOUT)
        assert found["text"] == title
        assert found["shown"] == title  # as the visitor reads it: every space kept
        assert found["marks"] and all(display == "inline" for _, display in found["marks"])
        # No mark is a piece of another (<mark>Factory</mark><mark> Buildings</mark>).
        assert all(not text.startswith(" ") for text, _ in found["marks"])
        # The title wraps like text, within the result, not as side-by-side columns.
        assert found["width"] <= found["available"] + 1
        assert found["lines"] <= (1 if viewport["width"] > 1000 else 4)
    finally:
        context.close()
