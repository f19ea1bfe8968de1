"""Reading QR codes as a phone does: zxing-cpp decodes pixels. A PNG is decoded as it is; an SVG
drawing (segno's one path of horizontal runs) is turned back into its module matrix, which is
compared with segno's own and drawn to pixels for zxing-cpp."""

import io
import re

import pytest
import segno

RUN = re.compile(r"([Mm])(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)|h(\d+)")


def decode_image(image):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp not installed (make test installs it)")
    return [code.text for code in zxingcpp.read_barcodes(image.convert("L"))]


def decode_png(data):
    from PIL import Image

    return decode_image(Image.open(io.BytesIO(data)))


def svg_matrix(svg):
    """The dark modules of segno's SVG drawing, as a set of (row, column), and the viewBox size."""
    width = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for absolute, dx, dy, run in RUN.findall(path.replace("M", " M").replace("m", " m")):
        if run:
            dark.update((int(y), int(x) + i) for i in range(int(run)))
            x += int(run)
        elif absolute == "M":
            x, y = float(dx), float(dy)
        else:
            x, y = x + float(dx), y + float(dy)
    return dark, width


def segno_matrix(text, border=2):
    code = segno.make(text, error="m", micro=False)
    return {(r, c) for r, row in enumerate(code.matrix_iter(border=border)) for c, v in enumerate(row) if v}


def decode_svg(svg, scale=8):
    """What a scanner reads from an SVG drawing (drawn back to pixels, ``scale`` per module)."""
    from PIL import Image, ImageDraw

    dark, width = svg_matrix(svg)
    image = Image.new("L", (width * scale, width * scale), 255)
    draw = ImageDraw.Draw(image)
    for r, c in dark:
        draw.rectangle((c * scale, r * scale, (c + 1) * scale - 1, (r + 1) * scale - 1), fill=0)
    return decode_image(image)
