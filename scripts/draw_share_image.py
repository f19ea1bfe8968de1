"""Draw the site's default share image, ``static/img/share.png`` (Pillow only).

A shared link to a page without a photo of its own (home, lists, policies, desks) unfurls with
this picture in WeChat and other apps. It shows the county's name and the bureau's, in Chinese
and English, read from ``content/site.yaml``, so a renamed bureau redraws it with one command
from the repository root:

    .venv/bin/python scripts/draw_share_image.py [path/to/site.yaml]

1200x630 (the Open Graph size, well above WeChat's 300x300 minimum), a few flat colours saved
as a small palette PNG (under MAX_BYTES). The font is the system's WenQuanYi Micro Hei
(Debian: fonts-wqy-microhei); it is used to draw and never shipped. The output is
deterministic: running the script again rewrites an identical file.
"""

import io
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

W, H = 1200, 630
MAX_BYTES = 60 * 1024
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "img" / "share.png"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
# The site's brand colours (static/css/site.css) and the favicon's hills and sun.
BRAND, BRAND_DARK, HILL, HILL_FAR, SUN, PAPER = (
    (11, 93, 75), (8, 63, 51), (159, 216, 184), (95, 160, 128), (242, 193, 78), (255, 255, 255))


def font(size):
    if not FONT.exists():
        sys.exit(f"{FONT} is missing: install the Debian package fonts-wqy-microhei")
    return ImageFont.truetype(str(FONT), size)


def fitted(draw, text, size, width):
    """The font at ``size`` or smaller, so that ``text`` fits in ``width`` pixels."""
    while size > 12 and draw.textlength(text, font=font(size)) > width:
        size -= 2
    return font(size)


def centred(pen, y, text, size, fill, width=W - 160):
    face = fitted(pen, text, size, width)
    pen.text((W / 2, y), text, font=face, fill=fill, anchor="mt")


def draw(site):
    image = Image.new("RGB", (W, H), BRAND)
    pen = ImageDraw.Draw(image)
    # The favicon's motif, large, along the bottom: far hills, near hills, the sun.
    pen.polygon([(0, 470), (260, 330), (420, 420), (600, 350), (820, 430), (980, 340), (W, 450),
                 (W, H), (0, H)], fill=HILL_FAR)
    pen.polygon([(0, 530), (300, 420), (560, 500), (800, 410), (W, 520), (W, H), (0, H)],
                fill=HILL)
    pen.ellipse((1020, 70, 1110, 160), fill=SUN)
    pen.rectangle((0, H - 110, W, H), fill=BRAND_DARK)
    # Centred, so that the square thumbnail WeChat crops from the middle still shows the names.
    county, bureau = site["county"], site["name"]
    bureau_zh = bureau["zh"].removeprefix(county["zh"]) or bureau["zh"]
    centred(pen, 90, county["zh"], 130, PAPER, width=600)
    centred(pen, 250, bureau_zh, 72, PAPER, width=600)
    centred(pen, H - 80, bureau["en"], 40, PAPER)
    # A palette of a few colours (text edges need the in-between ones) keeps the PNG small.
    return image.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def main(site_yaml=ROOT / "content" / "site.yaml"):
    site = yaml.safe_load(Path(site_yaml).read_text(encoding="utf-8"))
    buffer = io.BytesIO()
    draw(site).save(buffer, "PNG", optimize=True)
    if buffer.tell() > MAX_BYTES:
        sys.exit(f"share image is {buffer.tell()} bytes, more than {MAX_BYTES}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(buffer.getvalue())
    print(f"{TARGET.relative_to(ROOT)}: {W}x{H}, {buffer.tell()} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:])
