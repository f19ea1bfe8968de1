"""Every public page, in both languages: what any visitor sees on every page."""

import re

import pytest

from ..fixture_tree import ALL_PAGES, DETAIL_PAGES, HTML_LANG, LANGS, footer
from ..helpers import local_urls, page, stays_on_site

AUTHORITATIVE = "Chinese version is authoritative"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def date_texts(lang, day):
    """The ways a date may be written on a page in ``lang``."""
    if lang == "zh":
        return [f"{day.year}年{day.month}月{day.day}日", day.isoformat()]
    names = {MONTHS[day.month - 1], MONTHS[day.month - 1][:3]}
    return [day.isoformat()] + [
        form for name in names
        for form in (f"{day.day} {name} {day.year}", f"{name} {day.day}, {day.year}")
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ALL_PAGES)
def test_page_answers_in_its_language(client, lang, path):
    response = client.get(f"/{lang}/{path}")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert page(response).lang == HTML_LANG[lang]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ALL_PAGES)
def test_page_links_its_other_language(client, lang, path):
    alternates = page(client.get(f"/{lang}/{path}")).alternates()
    assert alternates.get("zh-Hans", "").endswith(f"/zh/{path}")
    assert alternates.get("en", "").endswith(f"/en/{path}")


@pytest.mark.parametrize("path", ALL_PAGES)
def test_only_english_pages_say_chinese_is_authoritative(client, path):
    english = page(client.get(f"/en/{path}")).text
    chinese = page(client.get(f"/zh/{path}")).text
    assert AUTHORITATIVE in english
    assert AUTHORITATIVE not in chinese
    assert "以中文版为准" not in chinese


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", DETAIL_PAGES)
def test_detail_page_shows_when_it_was_updated(client, lang, path):
    text = page(client.get(f"/{lang}/{path}")).text
    dates = "|".join(map(re.escape, date_texts(lang, DETAIL_PAGES[path])))
    assert re.search(rf"(Updated|updated|更新)\D{{0,12}}({dates})", text), text[-600:]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["", "projects/tea-processing/", "about/", "projects/nope/"])
def test_footer_carries_the_registration_identifiers(client, lang, path):
    site = footer()
    shown = page(client.get(f"/{lang}/{path}"))
    icp_links = [a for a in shown.anchors() if a.text == site["icp"]]
    assert icp_links, f"ICP number {site['icp']} is not a link"
    assert all(a.attrs["href"].startswith("https://beian.miit.gov.cn") for a in icp_links)
    assert site["psb"] in shown.text
    assert site["site_id"] in shown.text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_link_and_image_on_the_page_works(app, lang, path):
    """Internal links and images answer 200 (the language switch answers with a redirect)."""
    client = app.test_client()
    url = f"http://localhost/{lang}/{path}"
    targets = set(local_urls(url, page(client.get(url)).urls()))
    broken = {}
    for target in sorted(targets):
        status = client.get(target).status_code
        if status != 200 and not (target.startswith(("/language/", "/display?")) and status in (302, 303)):
            if target.endswith("/compare/") and status == 400:
                continue  # the compare form's action: opened with nothing chosen, it asks for 2–4
            broken[target] = status
    assert not broken


@pytest.mark.parametrize(("start", "other"), [
    ("/zh/projects/tea-processing/", "/en/projects/tea-processing/"),
    ("/en/projects/tea-processing/", "/zh/projects/tea-processing/"),
    ("/en/spaces/?status=vacant", "/zh/spaces/?status=vacant"),
    ("/zh/about/", "/en/about/"),
])
def test_language_switch_leads_to_the_same_page_in_the_other_language(client, start, other):
    shown = page(client.get(start))
    target_lang = other.split("/")[1]
    switch = [a for a in shown.anchors() if a.attrs.get("hreflang", "").startswith(target_lang)]
    assert switch, "no link to the other language"
    response = client.get(switch[0].attrs["href"])
    assert response.status_code in (301, 302, 303, 307, 308)
    location = response.headers["Location"]
    assert stays_on_site(location)
    assert location.removeprefix("http://localhost") == other
    assert client.get(location).status_code == 200


@pytest.mark.parametrize("path", ["/en/projects/tea-processing/", "/zh/projects/?industry=agriculture"])
def test_canonical_and_alternates_drop_the_partner_ref(client, path):
    """A shared ``?ref=`` link must not become the indexed URL, or search visitors get credited
    to the partner."""
    separator = "&" if "?" in path else "?"
    shown = page(client.get(f"{path}{separator}ref=shenzhen-chamber"))
    links = shown.find_all("link", rel="canonical") + shown.find_all("link", rel="alternate")
    assert links
    assert [e.attrs["href"] for e in links if "ref=" in e.attrs["href"]] == []
    canonical = shown.find_all("link", rel="canonical")[0].attrs["href"]
    assert canonical.endswith(path)
