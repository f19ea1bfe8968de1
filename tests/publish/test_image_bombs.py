"""A photo whose header claims too many pixels is refused from its header, before any pixel is
decoded: an error of its own bundle (named by file and field), which keeps its last good
version while every other bundle publishes; ``portal check`` says so in one line, no traceback.

The photos are real PNG files as an attacker would make them: a 50,000×50,000 header over a few
bytes of data, and a complete 13,000×13,000 black-and-white image of 20 KB that would decode
to hundreds of megabytes.
"""

import os
import struct
import subprocess
import sys
import time
import zlib

import pytest

from portal.publish.model import KEPT, UPDATED

from ..helpers import edit, line_of, page

PORTAL = os.path.join(os.path.dirname(sys.executable), "portal")
TEA = "projects/tea-processing/index.zh.md"
RICE = "projects/rice-cold-chain/index.zh.md"
UNITS = "parks/materials-park/units.csv"


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(path, width, height, rows=None):
    """A 1-bit greyscale PNG claiming ``width``×``height``: all its rows (black) if ``rows`` is
    None, else only that many (a header over a truncated image, as a bomb needs no more)."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed bits
    stream = zlib.compressobj(9)
    data = b"".join(stream.compress(row) for _ in range(height if rows is None else rows))
    data += stream.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
                     + chunk(b"IEND", b""))
    return path


@pytest.fixture
def cover_bomb(content_copy):
    png(content_copy / "projects/tea-processing/bomb.png", 50_000, 50_000, rows=1)
    edit(content_copy / TEA, "cover: cover.jpg", "cover: bomb.png")
    return content_copy


def test_portal_check_names_the_huge_photo_in_one_line_quickly(cover_bomb, make_app, tmp_path):
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(cover_bomb),
           "PORTAL_INSTANCE_DIR": str(tmp_path / "instance")}
    started = time.monotonic()
    result = subprocess.run([PORTAL, "check"], env=env, capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 20
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "bomb.png" in line]
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith(f"{TEA}:{line_of(cover_bomb / TEA, 'cover:')} [cover]")
    assert "too large" in lines[0]


def test_a_huge_cover_keeps_its_project_and_another_edit_goes_live(site, content_copy):
    app = site()
    client = app.test_client()
    png(content_copy / "projects/tea-processing/bomb.png", 50_000, 50_000, rows=1)
    edit(content_copy / TEA, "cover: cover.jpg", "cover: bomb.png")
    edit(content_copy / RICE, "title: ", "title: 二期 ")
    generation, changed = app.extensions["content"].publish()
    states = {o.folder: o for o in generation.outcomes}
    assert changed and states["projects/rice-cold-chain"].state == UPDATED
    assert "二期" in page(client.get("/zh/projects/rice-cold-chain/")).text
    kept = states["projects/tea-processing"]
    assert kept.state == KEPT
    assert [(p.path, p.field, p.value) for p in kept.problems] == [(TEA, "cover", "bomb.png")]
    shown = page(client.get("/zh/projects/tea-processing/"))  # as before, with its own cover
    assert "富硒茶精深加工项目" in shown.text and any("/cover." in u for u in shown.urls())
    assert not (app.extensions["content"].current.root / "files/projects/tea-processing/bomb.png").exists()


def test_a_small_file_that_decodes_huge_in_the_units_photo_column_is_not_decoded(site, content_copy):
    app = site()
    bomb = png(content_copy / "parks/materials-park/bomb.png", 13_000, 13_000)
    assert bomb.stat().st_size < 100_000  # 20 KB on disk, 169 million pixels
    edit(content_copy / UNITS, "已出租,,photo-1.jpg,", "已出租,,bomb.png,")
    edit(content_copy / RICE, "title: ", "title: 二期 ")
    generation, _ = app.extensions["content"].publish()
    states = {o.folder: o for o in generation.outcomes}
    assert states["projects/rice-cold-chain"].state == UPDATED
    kept = states["parks/materials-park"]
    assert kept.state == KEPT
    assert [(p.path, p.line, p.field, p.value) for p in kept.problems] == [(UNITS, 3, "照片", "bomb.png")]
    assert not (app.extensions["content"].current.root / "files/parks/materials-park/bomb.png").exists()
