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


MM = 96 / 25.4  # CSS pixels per millimetre


@pytest.mark.parametrize("lang, project", [
    ("zh", "lithium-manganate-cathode"), ("en", "manganese-deep-processing"), ("en", "wellness-resort")])
def test_the_printed_poster_fills_its_page_with_the_partner_as_contact(browser, live_server, lang, project):
    """Printed, the poster takes the whole A4 page (it left a third blank): the code and the
    contact at the foot, the incentives above them, no blank band between; one page still.
    Laid out in print media at the printed width (A4 less the 14 mm side margins)."""
    context = browser.new_context(viewport={"width": round(182 * MM), "height": round(273 * MM)})
    page = context.new_page()
    try:
        assert page.goto(f"{live_server}/{lang}/partners/shenzhen-chamber/poster/{project}/").status == 200
        assert page_count(page.pdf(format="A4", print_background=False)) == 1
        page.emulate_media(media="print")
        poster = page.locator(".poster").bounding_box()
        assert poster["height"] > 260 * MM, f"the poster is {poster['height'] / MM:.0f} mm tall"
        foot = page.locator(".poster-foot").bounding_box()
        assert foot["y"] + foot["height"] > poster["y"] + poster["height"] - 5 * MM  # at the page's foot
        above = page.evaluate("""() => Math.max(...[...document.querySelector('.poster').children]
            .filter(e => !e.classList.contains('poster-foot') && e.getClientRects().length)
            .map(e => e.getBoundingClientRect().bottom))""")
        assert foot["y"] - above < 12 * MM, f"{(foot['y'] - above) / MM:.0f} mm blank above the foot"
        more = page.locator(".poster-more").bounding_box()
        first = page.locator(".poster-incentives li").first.bounding_box()
        assert first["y"] + first["height"] <= more["y"] + more["height"] + 1  # an incentive, not cut off
        contact = page.locator(".poster-contact").inner_text()
        assert ("深圳青岚商会" if lang == "zh" else "Shenzhen Qinglan Chamber of Commerce") in contact
        assert "0755-28107766" in contact
    finally:
        context.close()
