"""A partner's poster printed by real Chromium to A4: one page, the cover photo on it, and a QR
code (read by zxing-cpp from the page in print media) that leads to the project with the
partner's ref; the share box never prints."""

import threading

import pytest
from werkzeug.serving import make_server

from ..quality.conftest import browser  # noqa: F401  (the gates' Chromium)
from ..quality.test_print_pdf import decode_qr, page_count


@pytest.fixture(scope="module")
def live_server(sample_app):
    """The session's sample app (already built for the other partner tests) on a loopback port."""
    server = make_server("127.0.0.1", 0, sample_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_poster_prints_on_one_a4_page_with_a_code_carrying_the_partners_ref(browser, live_server, lang):  # noqa: F811
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
