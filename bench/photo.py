"""A 12-megapixel phone photo through publishing: bytes in and out, and the time to strip and resize.

The bench draws a 4000×3000 picture with the grain of a real photo (gradients, shapes, sensor
noise), and saves it as a phone does: JPEG quality 92, 4:2:0, an sRGB colour profile, and EXIF
with camera make and model, date, orientation 6 (held upright, stored sideways) and a GPS
position with altitude. ``portal.images.derive`` then writes the stripped master and every
size (360, 480, 720, 960 and 1440 px, each in WebP and JPEG), and ``derive_share`` the
1200×630 share image of a cover, 5 times into fresh folders; the figure is the median (and
the share image's part of it). The outputs are checked: upright, no EXIF, no GPS, the colour
profile kept.

``python -m bench.photo`` runs this part alone and prints the figures.
"""

import json
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFilter

from portal import images

from .stats import median

SIZE = (4000, 3000)
QUALITY = 92
RUNS = 5
SECTION = "## Photo derivation"
GPS_IFD = 0x8825
EXIF = {0x010F: "Xiaomi", 0x0110: "Redmi Note 13 Pro", 0x0112: 6, 0x0132: "2026:11:28 10:42:07",
        0x0131: "camera 1.0"}
GPS = {1: "N", 2: (29.0, 37.0, 12.5), 3: "E", 4: (109.0, 12.0, 48.25), 5: 0, 6: 523.4}


def picture():
    """A photo-like 4000×3000 RGB image: smooth light, edges, and per-pixel noise."""
    width, height = SIZE
    sky = Image.linear_gradient("L").resize(SIZE)
    light = Image.radial_gradient("L").resize(SIZE)
    noise = Image.effect_noise(SIZE, 28)
    image = Image.merge("RGB", (light, sky, Image.blend(sky, light, 0.5)))
    draw = ImageDraw.Draw(image)
    for n in range(60):  # hills, roofs and trees: edges for the encoder to spend bytes on
        x, y = (n * 389) % width, height // 3 + (n * 211) % (height * 2 // 3)
        draw.ellipse((x - 300, y - 120, x + 300, y + 120), fill=(40 + n * 3 % 120, 90 + n * 7 % 100, 60))
    image = image.filter(ImageFilter.GaussianBlur(2))
    return Image.merge("RGB", [Image.blend(band, noise, 0.18) for band in image.split()])


def phone_jpeg(path, quality=QUALITY):
    """Save the picture as a phone saves it; return the file's size in bytes."""
    exif = Image.Exif()
    exif.update(EXIF)
    exif.get_ifd(GPS_IFD).update(GPS)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture().save(path, "JPEG", quality=quality, subsampling="4:2:0", exif=exif, icc_profile=icc)
    return path.stat().st_size


def check(master, icc):
    """What reached the published master: upright, no metadata but the colour profile."""
    with Image.open(master) as image:
        exif = image.getexif()
        return {"size": image.size, "exif_tags": len(exif), "gps": bool(exif.get_ifd(GPS_IFD)),
                "icc_kept": image.info.get("icc_profile") == icc,
                "upright": image.height > image.width}  # orientation 6: stored 4000×3000, shown 3000×4000


def measure(tmp):
    tmp = Path(tmp) / "photo"
    tmp.mkdir()
    source = tmp / "phone.jpg"
    input_bytes = phone_jpeg(source)
    with Image.open(source) as original:
        icc, stored = original.info.get("icc_profile"), original.size
    times, share_times = [], []
    for run in range(RUNS):
        folder = tmp / f"out-{run}"
        started = time.perf_counter()
        entry = images.derive(source, folder, "photo.jpg", "bench")
        derived = time.perf_counter()
        images.derive_share(folder / "photo.jpg", folder / images.share_name("photo.jpg", "bench"), None)
        times.append(time.perf_counter() - started)
        share_times.append(time.perf_counter() - derived)
    sizes = {f"{w} {fmt}": (folder / images.derived_name("photo.jpg", "bench", w, fmt)).stat().st_size
             for w, _ in entry["sizes"] for fmt in images.FORMATS}
    return {"stored_size": stored, "quality": QUALITY, "input_bytes": input_bytes, "runs_s": times,
            "median_s": median(times), "share_median_s": median(share_times),
            "master_bytes": (folder / "photo.jpg").stat().st_size, "sized_bytes": sizes,
            "share_bytes": (folder / images.share_name("photo.jpg", "bench")).stat().st_size,
            "files": 2 + 2 * len(entry["sizes"]), "master": check(folder / "photo.jpg", icc),
            "outputs_clean": all(check(p, icc)["exif_tags"] == 0 and check(p, icc)["icc_kept"]
                                 for p in folder.iterdir())}


def section(result, machine):
    """The photo section of BENCHMARKS.md (``python -m bench.photo`` rewrites it)."""
    sizes = ", ".join(f"{k} {b / 1000:.1f} kB" for k, b in result["sized_bytes"].items())
    return "\n".join([
        SECTION, "",
        f"`python -m bench.photo`: a {SIZE[0]}×{SIZE[1]} phone JPEG ({result['input_bytes'] / 1e6:.2f} MB, "
        "orientation 6, GPS, camera EXIF, sRGB profile) through `images.derive` (stripped master, "
        f"then every width in WebP and JPEG: {result['files'] - 2} files) and `images.derive_share` "
        f"(the 1200×630 share image), {RUNS} runs into fresh folders.", "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores; load average at start "
        f"{', '.join(map(str, machine['load_average_at_start']))}; {machine['date']}.", "",
        f"- Per photo: median {result['median_s']:.2f} s (runs "
        f"{', '.join(f'{t:.2f}' for t in result['runs_s'])} s), of which the share image "
        f"{result['share_median_s']:.2f} s. Done once per photo content: a later publish with the "
        "same bytes links the files of the previous generation.",
        f"- Out: master {result['master']['size'][0]}×{result['master']['size'][1]} "
        f"{result['master_bytes'] / 1000:.0f} kB; {sizes}; "
        f"share image {result['share_bytes'] / 1000:.1f} kB.",
        f"- Every output upright, without EXIF or GPS, colour profile kept: "
        f"{'yes' if result['outputs_clean'] and result['master']['upright'] else 'NO'}.", ""])


if __name__ == "__main__":
    from .machine import describe
    from .sections import write_section

    machine = describe()
    with tempfile.TemporaryDirectory(prefix="portal-bench-photo-") as scratch:
        figures = measure(scratch)
    print(json.dumps(figures, indent=2))
    write_section(SECTION, section(figures, machine))
