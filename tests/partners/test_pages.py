"""A partner's page, its posters and the share box on every public page, on the sample content
(its partners: shenzhen-chamber, prd-office and yrd-office; the bureau and teams are none)."""

import html as markup
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from ..helpers import Page, page
from .codes import decode_svg

PARTNERS = ["shenzhen-chamber", "prd-office", "yrd-office"]


def share_box(html):
    found = re.search(r'<aside class="share-box no-print".*?</aside>', html, re.S)
    return found and found.group(0)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("slug", PARTNERS)
def test_a_partners_links_all_carry_its_ref_and_their_own_qr_code(sample_client, lang, slug):
    response = sample_client.get(f"/{lang}/partners/{slug}/")
    assert response.status_code == 200 and response.headers["Cache-Control"].startswith("public")
    assert page(response).find_all("ul", **{"class": "ready-links"})
    html = response.get_data(as_text=True)
    entries = re.findall(r'<li>\s*<img class="qr-img" src="([^"]+)".*?<a href="([^"]+)"', html, re.S)
    projects = [e for e in entries if "/projects/" in e[1] and "?ref=" in e[1] and "industry=" not in e[1]]
    assert len(projects) == 12  # every sample project: these partners name no industry, so all
    for qr, href in entries:
        href, qr = markup.unescape(href), markup.unescape(qr)
        assert parse_qs(urlsplit(href).query)["ref"] == [slug], href
        assert parse_qs(urlsplit(qr).query)["path"] == [href]  # the code of that very link
    kinds = {urlsplit(markup.unescape(h)).path.split("/")[2] for _, h in entries}
    assert kinds == {"projects", "parks", "spaces", "policies"}
    posters = re.findall(rf'href="(/{lang}/partners/{slug}/poster/[a-z0-9-]+/)"', html)
    assert len(posters) == 12
    assert f'href="/{lang}/contact/{slug}/"' in html  # who the partner is


@pytest.mark.parametrize("path", ["bureau", "agri-team", "materials-team", "no-such-desk", "credit",
                                  "shenzhen-chamber/poster/no-such-project", "bureau/poster/wellness-resort"])
def test_no_partner_page_for_a_desk_that_is_no_partner(sample_client, path):
    assert sample_client.get(f"/zh/partners/{path}/").status_code == 404


def test_the_partners_desk_page_links_its_partner_page(sample_client):
    office = sample_client.get("/en/contact/prd-office/").get_data(as_text=True)
    assert 'href="/en/partners/prd-office/"' in office
    assert "/partners/" not in sample_client.get("/en/contact/bureau/").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_poster_has_the_figures_the_desk_and_a_code_with_the_partners_ref(sample_client, lang):
    response = sample_client.get(f"/{lang}/partners/yrd-office/poster/lithium-manganate-cathode/")
    html = response.get_data(as_text=True)
    poster = re.search(r'<article class="poster">.*?</article>', html, re.S).group(0)
    url = f"http://localhost/{lang}/projects/lithium-manganate-cathode/?ref=yrd-office"
    drawing = re.search(r'<svg role="img"[^>]*class="qr qr-poster">.*?</svg>', poster, re.S).group(0)
    assert decode_svg(drawing) == [url]
    assert f'<span class="url">{url}</span>' in poster
    text = Page(html).text
    assert ("20亿元" if lang == "zh" else "CNY 2,000 million") in text  # total investment, with its unit
    assert ("450亩" if lang == "zh" else "450 mu") in text
    assert "<img" in poster and 'href="tel:+86' in poster  # the cover photo, the desk's phone


@pytest.mark.parametrize("url, shared", [
    ("/zh/projects/lithium-manganate-cathode/", "http://localhost/zh/projects/lithium-manganate-cathode/"),
    ("/en/projects/?industry=materials&ref=shenzhen-chamber",
     "http://localhost/en/projects/?industry=materials&ref=shenzhen-chamber"),
    ("/en/partners/prd-office/", "http://localhost/en/partners/prd-office/?ref=prd-office"),
    ("/zh/contact/?ref=bad%20ref%3Cx%3E", "http://localhost/zh/contact/"),  # not a ref: left off
])
def test_the_share_box_offers_the_address_with_the_partners_ref_and_its_codes(sample_client, url, shared):
    box = share_box(sample_client.get(url).get_data(as_text=True))
    assert box, f"no share box on {url}"
    links = [markup.unescape(h) for h in re.findall(r'href="([^"]+)"', box)]
    assert links[0] == shared
    path = shared.removeprefix("http://localhost")
    assert [parse_qs(urlsplit(h).query)["path"] for h in links[1:]] == [[path], [path]]
    assert [urlsplit(h).path for h in links[1:]] == [url[:3] + "/qr.svg", url[:3] + "/qr.png"]
    assert "<svg" not in box  # links to the files: no drawing on screen


def test_no_share_box_on_private_or_missing_pages(sample_client):
    from portal.inquiry.views import thanks_token

    token = thanks_token(sample_client.application.config["SECRET_KEY"], "QL-2026-000123", "prd-office")
    for url, status in (("/zh/status/not-a-token/", 404), (f"/en/inquiry/thanks/{token}/", 200),
                        ("/en/partners/credit/x/", 404), ("/en/projects/no-such-project/", 404),
                        ("/staff/login", 200)):
        response = sample_client.get(url)
        assert response.status_code == status, url
        assert not share_box(response.get_data(as_text=True)), url
