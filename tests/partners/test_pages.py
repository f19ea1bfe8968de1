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
    assert len(projects) == 11  # every sample project open to investors: these partners name no industry
    for qr, href in entries:
        href, qr = markup.unescape(href), markup.unescape(qr)
        assert parse_qs(urlsplit(href).query)["ref"] == [slug], href
        assert parse_qs(urlsplit(qr).query)["path"] == [href]  # the code of that very link
    kinds = {urlsplit(markup.unescape(h)).path.split("/")[2] for _, h in entries}
    assert kinds == {"projects", "parks", "spaces", "policies"}
    posters = re.findall(rf'href="(/{lang}/partners/{slug}/poster/[a-z0-9-]+/)"', html)
    assert len(posters) == 11
    assert f'href="/{lang}/contact/{slug}/"' in html  # who the partner is


@pytest.mark.parametrize("path", ["bureau", "agri-team", "materials-team", "no-such-desk", "credit",
                                  "shenzhen-chamber/poster/no-such-project", "bureau/poster/wellness-resort"])
def test_no_partner_page_for_a_desk_that_is_no_partner(sample_client, path):
    assert sample_client.get(f"/zh/partners/{path}/").status_code == 404


def inquiry_links(html):
    links = re.findall(r'<a class="button[^"]*" href="([^"]*/inquiry/[^"]*)"', html)
    return [markup.unescape(h) for h in links]


@pytest.mark.parametrize("lang", ["zh", "zh-hant", "en"])
@pytest.mark.parametrize("slug", PARTNERS)
def test_a_partners_own_desk_page_credits_itself(sample_client, lang, slug):
    """Its inquiry button and its share box carry its ref; the bureau's and a team's carry none."""
    html = sample_client.get(f"/{lang}/contact/{slug}/").get_data(as_text=True)
    [link] = inquiry_links(html)
    assert parse_qs(urlsplit(link).query)["ref"] == [slug], link
    shared = markup.unescape(re.search(r'<p class="share-url"><a href="([^"]+)"', share_box(html)).group(1))
    assert shared == f"http://localhost/{lang}/contact/{slug}/?ref={slug}"
    for other in ("bureau", "agri-team"):
        html = sample_client.get(f"/{lang}/contact/{other}/").get_data(as_text=True)
        shared = [markup.unescape(h) for h in re.findall(r'href="([^"]+)"', share_box(html))]
        links = [*inquiry_links(html), *shared]
        assert not any("ref" in parse_qs(urlsplit(link).query) for link in links), links


def test_the_contact_list_credits_each_partner_on_its_own_card(sample_client):
    html = sample_client.get("/zh/contact/").get_data(as_text=True)
    refs = [parse_qs(urlsplit(link).query).get("ref", [None])[0] for link in inquiry_links(html)]
    desks = [parse_qs(urlsplit(link).query).get("desk", [None])[0] for link in inquiry_links(html)]
    assert [refs.count(slug) for slug in PARTNERS] == [1, 1, 1]
    unreferred = {d for d, r in zip(desks, refs, strict=True) if r is None}
    assert unreferred >= {"bureau", "agri-team", "materials-team"}
    # A visitor who came through another partner's link keeps that partner's credit.
    html = sample_client.get("/zh/contact/shenzhen-chamber/?ref=prd-office").get_data(as_text=True)
    assert parse_qs(urlsplit(inquiry_links(html)[0]).query)["ref"] == ["prd-office"]


def test_the_partners_desk_page_links_its_partner_page(sample_client):
    office = sample_client.get("/en/contact/prd-office/").get_data(as_text=True)
    assert 'href="/en/partners/prd-office/"' in office
    assert "/partners/" not in sample_client.get("/en/contact/bureau/").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "zh-hant", "en"])
@pytest.mark.parametrize("slug", PARTNERS)
def test_a_signed_project_gets_no_link_and_no_poster(sample_client, lang, slug):
    """高纯硫酸锰 is signed (已签约): it has its investor, so no partner is sent to bring one."""
    html = sample_client.get(f"/{lang}/partners/{slug}/").get_data(as_text=True)
    assert "high-purity-manganese-sulfate" not in html
    assert "manganese-deep-processing" in html  # open, in the same industry: still offered
    assert "lithium-manganate-cathode" in html  # in negotiation and open to others: still offered
    poster = f"/{lang}/partners/{slug}/poster/high-purity-manganese-sulfate/"
    assert sample_client.get(poster).status_code == 404


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


def poster_parts(client, url):
    html = client.get(url).get_data(as_text=True)
    poster = re.search(r'<article class="poster">.*?</article>', html, re.S).group(0)
    contact = re.search(r'<p class="poster-contact">.*?</p>', poster, re.S).group(0)
    owner = re.search(r'<p class="poster-owner">.*?</p>', poster, re.S).group(0)
    return Page(poster).text, Page(contact).text, Page(owner).text, contact


@pytest.mark.parametrize("lang, chamber, bureau, modes, incentive", [
    ("zh", "深圳青岚商会", "青岚县投资促进局", "独资、合资", "青岚县工业企业技术改造专项资金管理办法"),
    ("zh-hant", "深圳青嵐商會", "青嵐縣投資促進局", "獨資、合資", "青嵐縣工業企業技術改造專項資金管理辦法"),
    ("en", "Shenzhen Qinglan Chamber of Commerce", "Qinglan County Investment Promotion Bureau",
     "Wholly owned", "Technology Upgrading"),
])
def test_the_poster_names_the_partner_that_prints_it_as_the_contact(sample_client, lang, chamber, bureau,
                                                                     modes, incentive):
    """The lithium project's desk is the Shanghai office (yrd-office, 021-58763321): a reader of
    the Shenzhen chamber's poster is sent to the chamber (0755-28107766), and the bureau stays the
    poster's publisher. The poster has the cooperation modes and the incentives."""
    text, contact, owner, contact_html = poster_parts(
        sample_client, f"/{lang}/partners/shenzhen-chamber/poster/lithium-manganate-cathode/")
    assert chamber in contact and "0755-28107766" in contact
    assert "office@qinglan-chamber.example.com" in contact
    assert 'href="tel:+8675528107766"' in contact_html
    assert "021-58763321" not in text and "yrd@qinglan.gov.cn" not in text  # not the Shanghai office
    assert "长三角" not in text and "長三角" not in text and "Yangtze River Delta" not in text
    assert bureau in owner and "0915-8812345" in owner
    assert modes in text
    assert incentive in text


def test_the_poster_lists_the_incentives_the_project_claims(sample_client):
    text, *_ = poster_parts(sample_client, "/zh/partners/prd-office/poster/manganese-deep-processing/")
    for claim in ("享受西部大开发企业所得税15%税率", "按设备投资额给予最高2000万元技术改造补助",
                  "可先租用二期6号标准化厂房开展试生产"):
        assert claim in text


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
