"""Markdown bodies are rendered to safe HTML: what an editor pastes cannot run in a visitor's browser."""

import re

import pytest

from ..helpers import edit, page

ATTACKS = """
## 项目概况

<script>alert(1)</script>

<img src=x onerror=alert(1)>

[点击查看](javascript:alert(1))

[another](JaVaScRiPt:alert(1))

<a href="javascript:alert(1)">raw link</a>

<iframe src="https://evil.example/"></iframe>

一段说明文字。
{: onclick="alert(1)" }

## 带属性的标题 {: onclick="alert(1)" onmouseover="alert(1)" }

### 投资 回报 分析

<div style="background:url(javascript:alert(1))" onmouseover="alert(1)">块</div>

<svg onload=alert(1)></svg>
"""


@pytest.fixture
def attacked(content_copy, make_app):
    """A client on a tree whose tea project carries ``ATTACKS`` in both bodies."""
    for name in ("index.zh.md", "index.en.md"):
        path = content_copy / "projects" / "tea-processing" / name
        path.write_text(path.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n" + ATTACKS,
                        encoding="utf-8")
    app = make_app(content_copy)
    assert app.extensions["content"].errors == ()
    return app.test_client()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_script_survives_in_the_body(attacked, lang):
    response = attacked.get(f"/{lang}/projects/tea-processing/")
    assert response.status_code == 200
    html = response.get_data(as_text=True).lower()
    assert "<script>alert" not in html
    # The page's own structured data (JSON-LD, never executed) is the one script element.
    data = re.findall(r'<script type="application/ld\+json">.*?</script>', html, re.S)
    assert len(data) == 1 and "alert" not in data[0]
    assert "<script" not in html.replace(data[0], "")
    for handler in ("onerror=", "onclick=", "onload=", "onmouseover="):
        assert handler not in html
    assert "javascript:" not in html
    assert "<iframe" not in html and "<svg onload" not in html and "alert(1)" not in html
    assert "style=" not in html


def test_the_text_around_the_attacks_survives(attacked):
    text = page(attacked.get("/zh/projects/tea-processing/")).text
    assert "一段说明文字。" in text
    assert "点击查看" in text


def test_chinese_headings_get_chinese_ids(attacked):
    shown = page(attacked.get("/zh/projects/tea-processing/"))
    ids = {e.attrs.get("id") for e in shown.elements if e.tag in ("h2", "h3")}
    assert "项目概况" in ids
    assert "投资-回报-分析" in ids


def test_headings_in_the_fixture_get_ids(client):
    zh = page(client.get("/zh/projects/tea-processing/"))
    assert zh.find_all("h2", id="项目概况")
    assert zh.find_all("h2", id="配套条件")
    en = page(client.get("/en/projects/tea-processing/"))
    assert en.find_all("h2", id="overview")


def test_front_matter_text_is_escaped(content_copy, make_app):
    edit(content_copy / "projects/tea-processing/index.zh.md",
         "title: 富硒茶精深加工项目", "title: 茶<script>alert(1)</script>项目")
    edit(content_copy / "projects/tea-processing/index.zh.md",
         "location: 青岚县富硒农业产业园", "location: <img src=x onerror=alert(1)>")
    client = make_app(content_copy).test_client()
    for url in ("/zh/projects/tea-processing/", "/zh/projects/", "/zh/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html
        assert "<img src=x" not in html


def test_bundle_photo_in_the_body_points_at_media(client):
    shown = page(client.get("/zh/news/2026-03-18-roadshow/"))
    images = [e.attrs["src"] for e in shown.find_all("img") if e.attrs.get("alt") == "推介会现场"]
    assert images and images[0].endswith("media/news/2026-03-18-roadshow/960/cover.jpg")
