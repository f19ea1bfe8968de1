"""Every public page type passes the W3C Nu HTML Checker with zero errors."""

import json
import subprocess

import pytest

from .components import VNU_JAR, require_java_and_vnu
from .pages import ALL_LANGS, all_pages

BROKEN_PAGE = """<!doctype html><html lang="en"><head><title>x</title></head>
<body><main><div id="a"><span></div><p id="a">twice the same id</p></main></body></html>"""


def validate(paths):
    """Nu checker errors per file name, e.g. ``{"home-zh.html": ["…"]}``."""
    require_java_and_vnu()
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = {}
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message.get('message')}")
    return errors


@pytest.fixture(scope="module")
def saved_pages(live_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    client = live_app.test_client()
    paths = []
    for page_id, url in all_pages(ALL_LANGS):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = folder / f"{page_id}.html"
        path.write_bytes(response.data)
        paths.append(path)
    return paths


def test_every_page_type_is_valid_html(saved_pages):
    assert validate(saved_pages) == {}


def test_the_checker_catches_a_broken_page(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(BROKEN_PAGE)
    errors = validate([path])
    assert errors.get("broken.html"), "the validator gate must fail on invalid HTML"
