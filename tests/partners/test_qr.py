"""QR codes for every page and filtered list at stable addresses, SVG and PNG: each decodes to
exactly the page's absolute address (site URL or request root, mount path, a partner's ref
kept); anything that is not a path on this site is a 404. (A desk's WeChat code is the image
the desk saved from WeChat: tests/public/test_wechat.py.)"""

from urllib.parse import quote

import pytest

from .codes import decode_png, decode_svg, segno_matrix, svg_matrix

PATHS = ["/zh/projects/manganese-sulfate/", "/en/projects/?industry=materials&status=open",
         "/zh/parks/materials-park/?ref=shenzhen-chamber", "/en/search?q=%E5%8E%82%E6%88%BF"]


def files(client, path, **environ):
    query = "path=" + quote(path, safe="/")
    svg = client.get(f"/en/qr.svg?{query}", environ_overrides=environ)
    png = client.get(f"/zh/qr.png?{query}&size=480", environ_overrides=environ)
    assert (svg.status_code, png.status_code) == (200, 200)
    return svg, png


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("mount", ["", "/zsj"])
def test_svg_and_png_decode_to_the_absolute_address(client, path, mount):
    svg, png = files(client, mount + path, SCRIPT_NAME=mount) if mount else files(client, path)
    url = f"http://localhost{mount}{path}"
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
    assert decode_png(png.data) == [url]
    drawing = svg.get_data(as_text=True)
    assert svg_matrix(drawing)[0] == segno_matrix(url)  # exactly segno's code for the address
    assert decode_svg(drawing) == [url]
    for response in (svg, png):
        assert response.headers["Cache-Control"].startswith("public") and response.headers["ETag"]


def test_the_site_url_and_its_mount_are_encoded(make_app, content_copy):
    client = make_app(content_copy, SITE_URL="https://invest.qinglan.gov.cn/zsj").test_client()
    _, png = files(client, "/zh/policies/?industry=materials&ref=yrd-office")
    assert decode_png(png.data) == ["https://invest.qinglan.gov.cn/zsj/zh/policies/?industry=materials&ref=yrd-office"]


def test_png_size_is_bounded_and_whole_pixels_per_module(client):
    import io

    from PIL import Image

    sizes = {}
    for size in ("64", "480", "2048"):
        response = client.get(f"/en/qr.png?path=/en/&size={size}")
        assert response.status_code == 200
        sizes[size] = Image.open(io.BytesIO(response.data)).size[0]
        assert sizes[size] <= int(size)
    assert sizes["64"] < sizes["480"] < sizes["2048"] and sizes["2048"] > 1500
    assert client.get("/en/qr.png?path=/en/").status_code == 200  # a default size
    for size in ("0", "63", "2049", "99999", "-5", "4.5", "abc", "٣٠٠", ""):
        response = client.get("/en/qr.png", query_string={"path": "/en/", "size": size})
        assert response.status_code == 404, size


@pytest.mark.parametrize("path", [
    "", "https://evil.example/", "//evil.example/", "zh/projects/", "/zh/<script>", '/zh/"x',
    "/zh/\\evil", "/zh/\r\n", "/zh/ x", "/" + "a" * 400, "javascript:alert(1)", "/zh/\x00",
])
def test_the_png_refuses_anything_but_a_path_of_this_site(client, path):
    response = client.get("/en/qr.png", query_string={"path": path})
    assert response.status_code == 404
    assert "text/html" in response.content_type
