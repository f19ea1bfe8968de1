"""The project book: the catalogue's filters, a cover, the contents and one sheet per project."""

import re

import pytest

from portal.content import get_content


def projects_where(app, lang, **wanted):
    """The slugs of the projects with these facts, read from the content, not from the filters."""
    with app.test_request_context(f"/{lang}/"):
        return {p.slug for p in get_content().items("projects", lang)
                if all(getattr(p, name) == value for name, value in wanted.items())}


def sheets(html):
    return re.findall(r'<article class="sheet" id="sheet-([a-z0-9-]+)"', html)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("query, wanted", [
    ("", {}), ("industry=materials", {"industry": "materials"}),
    ("status=open", {"status": "open"}), ("industry=agriculture&status=open",
                                          {"industry": "agriculture", "status": "open"}),
])
def test_the_book_holds_one_sheet_per_matching_project(app, client, lang, query, wanted):
    html = client.get(f"/{lang}/projects/book?{query}").get_data(as_text=True)
    expected = projects_where(app, lang, **wanted)
    assert expected, "the fixture has projects for every case"
    assert sorted(sheets(html)) == sorted(expected)
    toc = re.search(r'<nav class="book-toc".*?</nav>', html, re.S).group(0)
    assert sorted(re.findall(r'href="#sheet-([a-z0-9-]+)"', toc)) == sorted(expected)
    assert '<section class="book-cover"' in html


def test_the_cover_names_the_filters_and_the_count(client):
    html = client.get("/en/projects/book?industry=materials").get_data(as_text=True)
    cover = re.search(r'<section class="book-cover".*?</section>', html, re.S).group(0)
    assert "1 project" in cover and "Industry: " in cover
    assert 'href="/en/projects/?industry=materials"' in cover  # back to the same list


def test_a_sheet_has_the_facts_the_desk_and_the_address(client):
    html = client.get("/zh/projects/book?industry=materials").get_data(as_text=True)
    sheet = re.search(r'<article class="sheet".*?</article>', html, re.S).group(0)
    assert "电池级高纯硫酸锰项目" in sheet
    assert "总投资" in sheet or "Total investment" in sheet
    assert "0915" in sheet  # the desk's phone
    assert '<a class="url" href="http://localhost/zh/projects/manganese-sulfate/">' in sheet
    assert '<svg role="img"' in sheet


def test_the_catalogue_offers_the_book_of_its_filters(client):
    html = client.get("/en/projects/?industry=materials&page=1").get_data(as_text=True)
    assert 'href="/en/projects/book?industry=materials"' in html


@pytest.mark.parametrize("query", [
    "industry=nonsense", "industry=<script>", "page=99", "industry=materials&industry=x",
    "band=%00", "park=" + "x" * 300, "mode[]=1",
])
def test_odd_filters_are_ignored_as_in_the_catalogue(client, query):
    response = client.get(f"/en/projects/book?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True).split("</head>")[1].replace(
        "&lt;script&gt;", "")


def test_no_match_gives_an_empty_book_not_an_error(client):
    html = client.get("/en/projects/book?industry=materials&status=signed").get_data(as_text=True)
    if sheets(html):
        pytest.skip("the fixture has a signed materials project")
    assert 'class="empty"' in html


def test_titles_are_escaped(make_app, content_copy):
    path = content_copy / "projects" / "manganese-sulfate" / "index.zh.md"
    path.write_text(path.read_text("utf-8").replace("title: 电池级高纯硫酸锰项目",
                                                    "title: 硫酸锰<b>项目</b>&amp;"), "utf-8")
    html = make_app(content_copy).test_client().get("/zh/projects/book").get_data(as_text=True)
    assert "硫酸锰&lt;b&gt;项目&lt;/b&gt;&amp;amp;" in html
    assert "<b>项目</b>" not in html
