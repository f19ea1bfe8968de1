"""A bundle's files as a visitor's browser gets them: PDF attachments as downloads, photos as
their derived sizes, and nothing else. A page, script, SVG or XML left in a bundle folder is not
published, answers 404, and ``portal check`` names it: served from the site's origin, a script
there would satisfy ``script-src 'self'`` and read the staff's lead exports with their session.
"""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest

from ..conftest import build_app

PORTAL = os.path.join(os.path.dirname(sys.executable), "portal")
BUNDLE = "projects/tea-processing"
HOSTILE = {
    "evil.html": "<!doctype html><script>fetch('/staff/leads/leads.csv')</script>",
    "evil.js": "fetch('/staff/leads/leads.csv').then(r => r.text()).then(t => navigator.sendBeacon('/x', t))",
    "evil.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    "evil.xml": '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
}
PDFS = ("brochure.pdf", "招商手册.pdf")


def minimal_pdf():
    """A real one-page PDF, with its cross-reference table."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def planted(content_copy, tmp_path):
    """The fixture site with hostile files and two PDFs in the tea project's folder, published."""
    folder = content_copy / BUNDLE
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name in PDFS:
        (folder / name).write_bytes(minimal_pdf())
    app = build_app(content_copy, tmp_path / "instance")
    return app, app.test_client()


def test_a_pdf_is_a_download_under_its_own_name_never_sniffed(planted):
    _, client = planted
    for name in PDFS:
        response = client.get(f"/media/{BUNDLE}/{quote(name)}")
        assert response.status_code == 200, name
        assert response.mimetype == "application/pdf"
        assert response.data == minimal_pdf()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=UTF-8''{quote(name)}" in disposition or f'filename={name}' in disposition


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_page_script_svg_or_xml_in_a_bundle_is_404_and_never_published(planted, name):
    app, client = planted
    assert client.get(f"/media/{BUNDLE}/{name}").status_code == 404
    generation = app.extensions["content"].current.root
    assert not list(generation.rglob(name)), "copied into the published generation"
    assert client.get(f"/media/{BUNDLE}/cover.jpg").status_code == 404  # originals stay unserved too


def test_portal_check_names_each_file_that_is_not_published(planted):
    app, _ = planted
    env = {**os.environ, "PORTAL_CONTENT_DIR": app.config["CONTENT_DIR"],
           "PORTAL_INSTANCE_DIR": app.instance_path}
    result = subprocess.run([PORTAL, "check"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr  # warnings: the site publishes
    lines = result.stdout.splitlines()
    for name in HOSTILE:
        assert any(f"{BUNDLE}/{name}" in line and "not published" in line for line in lines), name
    assert not any(".pdf" in line or "units.csv" in line for line in lines)
