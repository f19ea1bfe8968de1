"""A partner's poster printed by real Chromium to A4: one page, the cover photo on it, and a QR
code (read by zxing-cpp from the page in print media) that leads to the project with the
partner's ref; the share box never prints."""

import pytest

from .test_print_pdf import decode_qr, page_count


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_poster_prints_on_one_a4_page_with_a_code_carrying_the_partners_ref(browser, live_server, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        project = f"{live_server}/{lang}/projects/fuxi-tea-processing/?ref=prd-office"
        response = page.goto(f"{live_server}/{lang}/partners/prd-office/poster/fuxi-tea-processing/")
        assert response.status == 200
        assert page.locator(".share-box").is_visible()  # on screen, below the poster
        pdf = page.pdf(format="A4", print_background=False)
        assert page_count(pdf) == 1
        assert decode_qr(page, ".poster .qr") == [project]
        assert page.locator(".poster .url").inner_text() == project
        assert page.locator(".poster-cover img").is_visible()
        for selector in (".share-box", ".masthead", ".print-address", ".breadcrumb", ".poster-hint"):
            assert not page.locator(selector).first.is_visible(), f"{selector} prints"
    finally:
        context.close()
