"""Printed in real Chromium to A4 PDF: one page per sheet, and a QR code that leads back.

Pages are counted in the PDF itself (its ``/Type /Page`` objects: Chromium writes one per page,
not compressed in object streams). The QR code is read by zxing-cpp from a screenshot of the
page in print media, the same drawing the PDF holds.
"""

import io
import re

import pytest

from .components import require

SHEETS = {  # one of each printable item in the sample content
    "project": "/{lang}/projects/lithium-manganate-cathode/",
    "project-long": "/{lang}/projects/fuxi-tea-processing/",
    "park": "/{lang}/parks/new-materials-park/",
    "unit": "/{lang}/parks/new-materials-park/units/4-201/",
}


def page_count(pdf):
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture
def print_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


def decode_qr(page, selector):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp not installed (make test installs it)")
    from PIL import Image

    page.emulate_media(media="print")
    shot = page.locator(selector).screenshot(scale="device")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)).convert("L"))
    return [code.text for code in found]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(SHEETS))
def test_an_item_prints_on_one_a4_page_with_a_qr_code_to_it(print_page, live_server, kind, lang):
    url = live_server + SHEETS[kind].format(lang=lang)
    response = print_page.goto(url)
    require(response.status != 404 or kind != "unit", "no unit page yet")
    assert response.status == 200
    pdf = print_page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 1, f"{kind} prints on {page_count(pdf)} pages"
    assert decode_qr(print_page, ".sheet .qr") == [url]
    assert print_page.locator(".sheet .url").inner_text() == url
    assert print_page.locator(".sheet-title").is_visible()
    # Nothing on paper that only works on a screen.
    for selector in ("img", "nav", "form", "button", ".button", ".display-switch", ".site-footer",
                     "figure"):
        for element in print_page.locator(selector).all():
            assert not element.is_visible(), f"{selector} shows in print on {url}"


def test_another_page_prints_its_address_and_qr_code(print_page, live_server):
    url = f"{live_server}/en/policies/?industry=materials"
    print_page.goto(url)
    assert decode_qr(print_page, ".print-address .qr") == [url]
    assert print_page.locator(".print-address .url").inner_text() == url
    assert not print_page.locator(".site-search").is_visible()


def test_on_screen_the_printed_parts_stay_hidden(print_page, live_server):
    print_page.goto(f"{live_server}/zh/projects/lithium-manganate-cathode/")
    assert not print_page.locator(".sheet").is_visible()
    assert print_page.locator("h1").is_visible()


def test_the_page_count_reads_a_pdf_of_two_pages(print_page):
    print_page.set_content("<p>one</p><p style='break-before: page'>two</p>")
    assert page_count(print_page.pdf(format="A4")) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("query", ["industry=materials", ""])
def test_the_project_book_has_a_cover_contents_and_a_page_per_project(print_page, live_server, lang, query):
    print_page.goto(f"{live_server}/{lang}/projects/book?{query}")
    slugs = print_page.locator("article.sheet").evaluate_all("els => els.map(e => e.id)")
    catalogue = print_page.context.new_page()
    catalogue.goto(f"{live_server}/{lang}/projects/?{query}")
    listed = catalogue.locator(".result-count").inner_text()
    catalogue.close()
    assert str(len(slugs)) in listed and len(slugs) >= 2
    pdf = print_page.pdf(format="A4")
    assert page_count(pdf) == 2 + len(slugs)  # cover, contents, one sheet each
    first = slugs[0].removeprefix("sheet-")
    codes = decode_qr(print_page, f"#{slugs[0]} .qr")
    assert codes == [f"{live_server}/{lang}/projects/{first}/"]
