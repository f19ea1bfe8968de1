"""Printed sheets: every page carries its address and a QR code for paper; the QR file route."""

import re

import pytest
import segno


def drawing(url):
    """segno's own SVG for ``url``: the page's code must be exactly this one."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None)


def print_block(html):
    found = re.search(r'<aside class="print-only print-address">(.*?)</aside>', html, re.S)
    assert found, "no print-only address block"
    return found.group(1)


def sheet_block(html):
    found = re.findall(r'<article class="sheet" id="sheet-[^"]+"[^>]*>(.*?)</article>', html, re.S)
    assert len(found) == 1, "not one sheet"
    return found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path, sheet", [
    ("projects/manganese-sulfate/", True), ("parks/materials-park/", True), ("parks/", False),
    ("projects/?industry=materials", False), ("accessibility/", False),
])
def test_a_page_prints_its_own_address_and_a_qr_code_to_it(client, lang, path, sheet):
    html = client.get(f"/{lang}/{path}").get_data(as_text=True)
    assert ('<body class="has-sheet">' in html) is sheet
    assert ('class="print-only print-address"' in html) is not sheet
    block = sheet_block(html) if sheet else print_block(html)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical.startswith("http://localhost/")
    shown = f'<a class="url" href="{canonical}">' if sheet else f'<span class="url">{canonical}</span>'
    assert shown in block
    # The drawing is exactly segno's code for that address (decoded from paper in tests/quality).
    assert drawing(canonical.replace("&amp;", "&"))[-200:] in block
    assert 'role="img"' in block and "aria-label=" in block


def test_a_partners_ref_is_not_printed(client):
    html = client.get("/zh/projects/manganese-sulfate/?ref=shenzhen-chamber").get_data(as_text=True)
    block = sheet_block(html)
    assert "?ref=" not in block and "shenzhen-chamber" not in block
    assert "http://localhost/zh/projects/manganese-sulfate/" in block


def test_an_address_too_long_to_scan_prints_without_a_code(client):
    query = "&".join(f"industry=x{i}" for i in range(60))
    block = print_block(client.get(f"/en/projects/?{query}").get_data(as_text=True))
    assert "<svg" not in block and "industry=x59" in block


def test_the_site_url_is_the_printed_address(make_app, content_copy):
    app = make_app(content_copy, SITE_URL="https://invest.qinglan.gov.cn/zsj")
    block = print_block(app.test_client().get("/en/parks/").get_data(as_text=True))
    url = "https://invest.qinglan.gov.cn/zsj/en/parks/"
    assert f'<span class="url">{url}</span>' in block


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_qr_file_draws_a_path_of_this_site(client, lang):
    response = client.get(f"/{lang}/qr.svg?path=/zh/projects/manganese-sulfate/")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=')
    assert drawing("http://localhost/zh/projects/manganese-sulfate/")[-300:] in svg
    assert response.headers["Cache-Control"].startswith("public")


@pytest.mark.parametrize("path", [
    "", "https://evil.example/", "//evil.example/", "zh/projects/", "/zh/<script>", '/zh/"x',
    "/zh/\\evil", "/zh/\r\n", "/zh/ x", "/" + "a" * 400, "javascript:alert(1)",
])
def test_the_qr_file_refuses_anything_else(client, path):
    response = client.get("/en/qr.svg", query_string={"path": path})
    assert response.status_code == 404
    assert "text/html" in response.content_type  # the site's own not-found page, not an image


def test_the_qr_file_under_a_mount_needs_the_mount(client):
    inside = client.get("/zh/qr.svg?path=/zsj/zh/", environ_overrides={"SCRIPT_NAME": "/zsj"})
    assert inside.status_code == 200
    assert drawing("http://localhost/zsj/zh/")[-300:] in inside.get_data(as_text=True)
    assert client.get("/zh/qr.svg?path=/zh/", environ_overrides={"SCRIPT_NAME": "/zsj"}).status_code == 404
