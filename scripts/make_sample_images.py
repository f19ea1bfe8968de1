"""Generate the sample photos of the demo content procedurally (Pillow only).

Run from the repository root:

    .venv/bin/python scripts/make_sample_images.py

Every image is a 1200x800 JPEG drawn from simple shapes (sky gradients, hills, tea terraces,
factory rows, a river valley, a wellness building), saved at quality ~70 and never above
MAX_BYTES. The output is deterministic: each image has its own random seed, so running the
script again rewrites identical files. Which image goes where is listed in TARGETS at the end.
"""

import io
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 1200, 800
QUALITY = 70
MAX_BYTES = 90 * 1024
CONTENT = Path(__file__).resolve().parent.parent / "content"


# ---------------------------------------------------------------------------------------------
# Small helpers


def lerp(a, b, t):
    return a + (b - a) * t


def mix(c1, c2, t):
    return tuple(int(round(lerp(a, b, t))) for a, b in zip(c1, c2, strict=True))


def jitter(color, rng, amount):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in color)


def sky(colors, height=H):
    """A vertical gradient through the given colours, top to bottom, as an RGB image."""
    img = Image.new("RGB", (W, height))
    draw = ImageDraw.Draw(img)
    stops = len(colors) - 1
    for y in range(height):
        t = y / max(1, height - 1) * stops
        i = min(int(t), stops - 1)
        draw.line([(0, y), (W, y)], fill=mix(colors[i], colors[i + 1], t - i))
    return img


def clouds(img, rng, count, y_range, color=(255, 255, 255), alpha=150):
    """Soft clouds: clusters of ellipses on a blurred layer."""
    layer = Image.new("RGBA", img.size, (*color, 0))  # transparent in the cloud colour: no dark fringe
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        cx, cy = rng.randint(-100, W + 100), rng.randint(*y_range)
        width = rng.randint(160, 360)
        for _ in range(rng.randint(5, 9)):
            dx, dy = rng.randint(-width // 2, width // 2), rng.randint(-20, 15)
            rx, ry = rng.randint(40, 110), rng.randint(18, 40)
            a = rng.randint(alpha // 2, alpha)
            draw.ellipse([cx + dx - rx, cy + dy - ry, cx + dx + rx, cy + dy + ry], fill=(*color, a))
    layer = layer.filter(ImageFilter.GaussianBlur(14))
    img.paste(layer, (0, 0), layer)


def ridge(rng, base, amplitude, roughness=1.0, phase=None):
    """Heights of a mountain ridge line across the width (sum of sines plus noise)."""
    phase = phase if phase is not None else rng.random() * 10
    waves = [(rng.uniform(0.6, 1.4) / 200 * k, rng.random() * 6.28, amplitude / k) for k in (1, 2, 3, 5)]
    points = []
    for x in range(0, W + 1, 6):
        y = base
        for freq, ph, amp in waves:
            y -= amp * math.sin(x * freq + ph + phase)
        y += rng.uniform(-3, 3) * roughness
        points.append((x, y))
    return points


def fill_below(draw, points, color, bottom=H):
    draw.polygon([(0, bottom), *points, (W, bottom)], fill=color)


def mountains(img, rng, layers):
    """Layers of ridges, far to near: [(base_y, amplitude, colour), ...]."""
    draw = ImageDraw.Draw(img)
    for base, amp, color in layers:
        fill_below(draw, ridge(rng, base, amp), color)


def haze(img, top, bottom, color, strength):
    """A horizontal band of atmospheric haze."""
    layer = Image.new("RGBA", img.size, (*color, 0))
    draw = ImageDraw.Draw(layer)
    for y in range(top, bottom):
        t = 1 - abs((y - top) / max(1, bottom - top) * 2 - 1)
        draw.line([(0, y), (W, y)], fill=(*color, int(strength * t)))
    img.paste(layer, (0, 0), layer)


def grain(img, rng, amount=6):
    """Very light photographic noise at low resolution (keeps JPEG files small)."""
    small = Image.effect_noise((W // 4, H // 4), amount * 3).resize((W, H), Image.BILINEAR)
    noise = Image.merge("RGB", (small, small, small))
    return Image.blend(img, Image.composite(img, noise, Image.new("L", (W, H), 235)), 0.5)


def vignette(img, strength=0.35):
    mask = Image.new("L", (W // 8, H // 8), 0)
    draw = ImageDraw.Draw(mask)
    for i in range(40):
        t = i / 40
        draw.ellipse(
            [t * W / 16 - W / 16, t * H / 16 - H / 16, W / 8 - t * W / 16 + W / 16,
             H / 8 - t * H / 16 + H / 16],
            fill=int(255 * t),
        )
    mask = mask.resize((W, H), Image.BILINEAR).filter(ImageFilter.GaussianBlur(30))
    dark = Image.new("RGB", (W, H), (20, 20, 25))
    inverted = mask.point(lambda v: int((255 - v) * strength))
    return Image.composite(dark, img, inverted)


# ---------------------------------------------------------------------------------------------
# Scenes


def tea_terraces(seed, morning=False):
    """Rows of tea bushes following the contour of green hills under a soft sky."""
    rng = random.Random(seed)
    top = [(120, 170, 220), (178, 210, 235), (226, 232, 228)] if not morning else [
        (150, 175, 210), (225, 205, 190), (245, 225, 200)]
    img = sky(top)
    clouds(img, rng, 7, (60, 260))
    mountains(img, rng, [
        (330, 60, (150, 175, 185)),
        (380, 70, (112, 145, 130)),
    ])
    haze(img, 300, 420, (230, 235, 235), 120)
    draw = ImageDraw.Draw(img)
    # The tea hill: a big curved slope filled with contour rows.
    hill_top = ridge(rng, 440, 40, 0.3)
    fill_below(draw, hill_top, (58, 110, 52))
    row_gap = 15
    for r in range(0, 30):
        offset = r * row_gap + (r * r) * 0.45
        dark = (34 + r, 86 + r // 2, 38)
        light = jitter((96, 156, 70), rng, 10)
        pts = [(x, y + offset + 8) for x, y in hill_top]
        width = 6 + r // 2
        draw.line(pts, fill=light, width=width)
        draw.line([(x, y + width * 0.6) for x, y in pts], fill=dark, width=max(2, width // 3))
    # A path winding down between the rows.
    path = [(lerp(760, 560, t) + 60 * math.sin(t * 5), lerp(470, H, t)) for t in
            [i / 40 for i in range(41)]]
    draw.line(path, fill=(176, 150, 110), width=7)
    # A few shade trees on the crest.
    for _ in range(9):
        x = rng.randint(0, W)
        y = min(yy for xx, yy in hill_top if abs(xx - x) < 8) + 4
        r = rng.randint(16, 30)
        draw.ellipse([x - r, y - 2 * r, x + r, y], fill=jitter((40, 80, 42), rng, 8))
        draw.line([(x, y - 4), (x, y + 10)], fill=(70, 55, 40), width=4)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    return vignette(grain(img, rng), 0.3)


def factory_row(seed, dusk=False):
    """A row of standard factory buildings with blue roofs, a road and a few trees."""
    rng = random.Random(seed)
    colors = [(96, 150, 205), (170, 200, 228), (222, 230, 236)]
    if dusk:
        colors = [(70, 90, 140), (210, 160, 140), (240, 210, 170)]
    img = sky(colors)
    clouds(img, rng, 5, (50, 220), alpha=120)
    mountains(img, rng, [(420, 45, (140, 160, 170)), (450, 30, (110, 135, 125))])
    haze(img, 380, 470, (225, 230, 232), 110)
    draw = ImageDraw.Draw(img)
    ground_y = 560
    draw.rectangle([0, 470, W, H], fill=(104, 128, 86))
    # Buildings in perspective: each a wall plus a gabled blue roof, receding to the right.
    x = -40
    scale = 1.0
    while x < W + 50:
        w = int(rng.randint(230, 290) * scale)
        h = int(rng.randint(110, 160) * scale)
        base = int(lerp(ground_y, 500, min(1, x / W)))
        wall = jitter((222, 224, 226), rng, 6)
        draw.rectangle([x, base - h, x + w, base], fill=wall)
        # window band and doors
        for wx in range(x + 12, x + w - 20, max(18, int(28 * scale))):
            draw.rectangle([wx, base - h + int(22 * scale), wx + int(16 * scale),
                            base - h + int(40 * scale)], fill=(90, 120, 150))
        door_w = int(46 * scale)
        dx = x + w // 2 - door_w // 2
        draw.rectangle([dx, base - int(62 * scale), dx + door_w, base], fill=(150, 156, 162))
        for gy in range(base - int(62 * scale), base, 6):
            draw.line([(dx, gy), (dx + door_w, gy)], fill=(130, 136, 142))
        roof_h = int(26 * scale)
        draw.polygon([(x - 6, base - h), (x + w // 2, base - h - roof_h), (x + w + 6, base - h)],
                     fill=jitter((38, 96, 170), rng, 8))
        draw.line([(x - 6, base - h), (x + w // 2, base - h - roof_h)], fill=(70, 130, 200),
                  width=3)
        # a blue stripe under the eaves
        draw.rectangle([x, base - h, x + w, base - h + int(8 * scale)], fill=(40, 100, 175))
        x += w + int(rng.randint(18, 30) * scale)
        scale *= 0.86
    # Road in front with lane marks.
    draw.polygon([(0, 640), (W, 585), (W, 640), (0, 735)], fill=(88, 90, 94))
    for i in range(0, 14):
        t0, t1 = i / 14, i / 14 + 0.035
        draw.line([(lerp(0, W, t0), lerp(688, 612, t0)), (lerp(0, W, t1), lerp(688, 612, t1))],
                  fill=(235, 235, 220), width=4)
    # Trees along the road.
    for i in range(12):
        tx = int(lerp(30, W - 20, i / 11))
        ty = int(lerp(742, 648, i / 11))
        r = int(lerp(34, 16, i / 11))
        draw.line([(tx, ty), (tx, ty - r)], fill=(80, 60, 40), width=max(3, r // 6))
        draw.ellipse([tx - r, ty - 3 * r, tx + r, ty - r // 2], fill=jitter((48, 100, 50), rng, 10))
    img = img.filter(ImageFilter.GaussianBlur(0.5))
    return vignette(grain(img, rng), 0.25)


def river_valley(seed, evening=False):
    """A river winding through a valley between layered mountains."""
    rng = random.Random(seed)
    colors = [(90, 140, 200), (165, 200, 230), (230, 236, 238)]
    if evening:
        colors = [(60, 80, 130), (200, 150, 130), (245, 205, 150)]
    img = sky(colors)
    clouds(img, rng, 6, (40, 240), alpha=140)
    mountains(img, rng, [
        (300, 90, (128, 150, 172)),
        (360, 110, (96, 124, 120)),
    ])
    haze(img, 260, 420, (220, 228, 232), 130)
    draw = ImageDraw.Draw(img)
    # Left and right slopes framing the valley.
    left = [(x, 380 + (x / 500) ** 2 * 260) for x in range(0, 560, 8)]
    draw.polygon([(0, H), (0, 300), *left, (560, H)], fill=(52, 92, 56))
    right = [(x, 400 + ((W - x) / 520) ** 2 * 230) for x in range(640, W + 1, 8)]
    draw.polygon([(640, H), *right, (W, 330), (W, H)], fill=(44, 82, 50))
    # The river: a band narrowing into the distance, with highlights.
    water = jitter((120, 165, 190), rng, 4) if not evening else (150, 150, 180)
    center = [(600 + 140 * math.sin(t * 4.2) * t, lerp(430, H, t)) for t in
              [i / 60 for i in range(61)]]
    left_bank = [(cx - lerp(12, 240, ((cy - 430) / 370) ** 1.3), cy) for cx, cy in center]
    right_bank = [(cx + lerp(12, 240, ((cy - 430) / 370) ** 1.3), cy) for cx, cy in center]
    draw.polygon(left_bank + right_bank[::-1], fill=water)
    for _ in range(70):
        cx, cy = rng.choice(center[10:])
        half = lerp(12, 240, ((cy - 430) / 370) ** 1.3) * 0.8
        x0 = cx + rng.uniform(-half, half)
        draw.line([(x0, cy), (x0 + rng.randint(10, 40), cy)], fill=(225, 235, 240), width=2)
    # Forest texture on the slopes.
    for _ in range(260):
        if rng.random() < 0.5:
            x = rng.randint(0, 520)
            y0 = 380 + (x / 500) ** 2 * 260
        else:
            x = rng.randint(660, W)
            y0 = 400 + ((W - x) / 520) ** 2 * 230
        y = rng.uniform(y0 + 6, H)
        r = int(lerp(6, 26, (y - 380) / 420))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=jitter((40, 84, 46), rng, 14))
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    return vignette(grain(img, rng), 0.3)


def wellness_building(seed, warm=False):
    """A low modern building with glass and timber, terraces, lawn and forest behind."""
    rng = random.Random(seed)
    colors = [(110, 160, 210), (180, 210, 232), (232, 238, 236)]
    if warm:
        colors = [(120, 150, 200), (230, 200, 170), (248, 228, 200)]
    img = sky(colors)
    clouds(img, rng, 5, (50, 230), alpha=120)
    mountains(img, rng, [(330, 70, (130, 156, 160)), (400, 60, (72, 112, 78))])
    haze(img, 300, 420, (230, 235, 235), 100)
    draw = ImageDraw.Draw(img)
    # Forest band behind the building.
    for _ in range(160):
        x, y = rng.randint(0, W), rng.randint(400, 470)
        r = rng.randint(14, 30)
        draw.ellipse([x - r, y - 2 * r, x + r, y + r], fill=jitter((46, 92, 52), rng, 12))
    # Lawn.
    draw.rectangle([0, 560, W, H], fill=(104, 150, 80))
    for y in range(560, H, 4):
        draw.line([(0, y), (W, y)], fill=mix((110, 156, 84), (80, 124, 62), (y - 560) / 240))
    # Building: two stacked, offset volumes.
    def volume(x0, x1, y0, y1, roof_over=18):
        draw.rectangle([x0, y0, x1, y1], fill=(238, 236, 230))
        for gx in range(x0 + 10, x1 - 10, 34):
            glass = mix((120, 160, 185), (200, 220, 230), rng.random() * 0.5)
            if warm and rng.random() < 0.4:
                glass = (245, 214, 150)
            draw.rectangle([gx, y0 + 14, gx + 26, y1 - 8], fill=glass)
            draw.line([(gx + 13, y0 + 14), (gx + 13, y1 - 8)], fill=(90, 100, 105), width=1)
        for tx in range(x0, x1, 9):  # timber louvres
            draw.line([(tx, y0 - 2), (tx, y0 + 10)], fill=(160, 118, 78), width=4)
        draw.rectangle([x0 - roof_over, y0 - 12, x1 + roof_over, y0 - 2], fill=(70, 70, 72))
    volume(250, 980, 470, 570)
    volume(380, 860, 390, 470)
    volume(470, 760, 330, 390, roof_over=12)
    # Terrace railings and a pool.
    draw.rectangle([250, 566, 980, 572], fill=(200, 200, 196))
    draw.polygon([(300, 640), (900, 640), (960, 700), (240, 700)], fill=(110, 190, 210))
    for _ in range(30):
        x = rng.randint(280, 920)
        draw.line([(x, 660 + rng.randint(0, 30)), (x + 30, 660 + rng.randint(0, 30))],
                  fill=(200, 235, 240), width=2)
    # Young trees in front.
    for x in (120, 190, 1040, 1110):
        draw.line([(x, 620), (x, 540)], fill=(90, 70, 50), width=5)
        draw.ellipse([x - 34, 470, x + 34, 560], fill=jitter((58, 110, 58), rng, 10))
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    return vignette(grain(img, rng), 0.25)


def town_street(seed):
    """Old town roofs by the river: rows of grey tiled roofs and white walls."""
    rng = random.Random(seed)
    img = sky([(120, 160, 200), (190, 212, 228), (232, 234, 230)])
    clouds(img, rng, 6, (40, 220), alpha=120)
    mountains(img, rng, [(330, 80, (130, 150, 165)), (380, 70, (84, 116, 96))])
    haze(img, 300, 420, (228, 232, 232), 120)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 640, W, H], fill=(118, 150, 160))
    for row in range(4):
        y = 430 + row * 55
        x = -30 + rng.randint(0, 40)
        while x < W:
            w = rng.randint(90, 150)
            h = rng.randint(45, 70)
            draw.rectangle([x, y, x + w, y + h + 40], fill=jitter((232, 228, 218), rng, 6))
            draw.rectangle([x + w // 3, y + 24, x + w // 3 + 18, y + 44], fill=(70, 60, 52))
            draw.polygon([(x - 10, y + 4), (x + w // 2, y - h // 2), (x + w + 10, y + 4)],
                         fill=jitter((70, 74, 80), rng, 6))
            draw.line([(x - 14, y + 6), (x - 2, y - 2)], fill=(60, 62, 66), width=4)
            draw.line([(x + w + 14, y + 6), (x + w + 2, y - 2)], fill=(60, 62, 66), width=4)
            x += w + rng.randint(4, 16)
    for _ in range(60):  # ripples on the river in front of the town
        x, y = rng.randint(0, W), rng.randint(650, H - 4)
        draw.line([(x, y), (x + rng.randint(20, 70), y)], fill=(170, 198, 205), width=2)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    return vignette(grain(img, rng), 0.3)


# ---------------------------------------------------------------------------------------------
# Output


def save(img, path):
    """Save as JPEG at QUALITY, stepping the quality down only if the file would be too big."""
    quality = QUALITY
    while True:
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        data = buffer.getvalue()
        if len(data) <= MAX_BYTES or quality <= 40:
            break
        quality -= 5
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data), quality


TARGETS = [
    # (file relative to content/, scene, seed)
    ("projects/fuxi-tea-processing/cover.jpg", tea_terraces, 11, {}),
    ("projects/tea-culture-town/cover.jpg", tea_terraces, 12, {"morning": True}),
    ("projects/manganese-deep-processing/cover.jpg", factory_row, 21, {}),
    ("projects/lithium-manganate-cathode/cover.jpg", factory_row, 22, {"dusk": True}),
    ("projects/qinglan-river-rafting/cover.jpg", river_valley, 31, {}),
    ("projects/wellness-resort/cover.jpg", wellness_building, 41, {}),
    ("projects/elderly-care-center/cover.jpg", wellness_building, 42, {"warm": True}),
    ("parks/xinyuan-agri-park/photo-1.jpg", tea_terraces, 13, {}),
    ("parks/xinyuan-agri-park/photo-2.jpg", factory_row, 23, {}),
    ("parks/new-materials-park/photo-1.jpg", factory_row, 24, {}),
    ("parks/new-materials-park/photo-2.jpg", factory_row, 25, {"dusk": True}),
    ("parks/chengbei-industrial-zone/photo-1.jpg", factory_row, 26, {}),
    ("parks/chengbei-industrial-zone/photo-2.jpg", town_street, 51, {}),
    ("news/2026-03-18-shenzhen-roadshow/cover.jpg", river_valley, 32, {"evening": True}),
    ("news/2026-09-12-selenium-tea-expo/cover.jpg", tea_terraces, 14, {"morning": True}),
]


def main():
    total = 0
    for relative, scene, seed, options in TARGETS:
        size, quality = save(scene(seed, **options), CONTENT / relative)
        total += size
        print(f"{relative:55s} {size / 1024:6.1f} KB  q={quality}")
    print(f"{'total':55s} {total / 1024:6.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
