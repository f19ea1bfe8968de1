"""Figures on the sample pages an investor reads: one notation per page, phones that work from
abroad, office hours with their time zone, figures with their basis, labels from the glossary,
and a contact page that leads to the inquiry form for each desk."""

import re

import pytest

from portal.content.partners import is_partner

from ..conftest import SAMPLE_CONTENT
from ..helpers import Page, page

LANGS = ("zh", "en")
PROJECTS = sorted(p.name for p in (SAMPLE_CONTENT / "projects").iterdir() if p.is_dir())
DESKS = sorted(p.name for p in (SAMPLE_CONTENT / "desks").iterdir() if p.is_dir())


def main_text(response):
    """The page's text without the print-only sheet (which repeats the facts for paper)."""
    html = re.sub(r'<article class="sheet".*?</article>', "", response.get_data(as_text=True),
                  flags=re.S)
    return Page(html).text


@pytest.mark.parametrize("slug", PROJECTS)
def test_one_notation_per_page_for_area_and_money(sample_client, slug):
    zh = main_text(sample_client.get(f"/zh/projects/{slug}/"))
    en = main_text(sample_client.get(f"/en/projects/{slug}/"))
    assert "m²" not in zh and "CNY" not in zh
    assert "㎡" not in en and "亿元" not in en and "万元" not in en and "billion" not in en
    assert not re.search(r"m² \([\d.,]+ mu\)", en)  # floor area is never given in mu
    assert not re.search(r"㎡（[\d.,]+亩）", zh)


def test_the_floor_area_of_the_manganese_project_is_not_in_mu(sample_client):
    en = main_text(sample_client.get("/en/projects/manganese-deep-processing/"))
    assert "96,000 m²" in en and "144 mu" not in en
    assert "320 mu (21.33 ha, 52.72 acres)" in en
    zh = main_text(sample_client.get("/zh/projects/manganese-deep-processing/"))
    assert "96,000㎡" in zh and "320亩" in zh


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", PROJECTS)
def test_benefit_figures_show_their_basis_and_year(sample_client, sample_app, lang, slug):
    item = sample_app.extensions["content"].current.get("projects", slug, lang)
    assert item.figures_basis and re.search(r"20\d\d", item.figures_basis)
    text = main_text(sample_client.get(f"/{lang}/projects/{slug}/"))
    assert item.figures_basis in text
    if item.benefits.jobs is not None:
        assert re.search(r"\d+(,\d{3})* people|\d+(,\d{3})*人", text)


def test_jobs_read_with_their_unit(sample_client):
    assert "650 people" in main_text(sample_client.get("/en/projects/manganese-deep-processing/"))
    assert "650人" in main_text(sample_client.get("/zh/projects/manganese-deep-processing/"))
    assert "Feasibility study estimate, 2026" in main_text(
        sample_client.get("/en/projects/manganese-deep-processing/"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_phone_link_on_the_contact_pages_is_e164(sample_client, lang):
    for url in [f"/{lang}/contact/"] + [f"/{lang}/contact/{d}/" for d in DESKS]:
        shown = page(sample_client.get(url))
        tel = [e for e in shown.elements if e.tag == "a" and e.attrs.get("href", "").startswith("tel:")]
        assert tel, url
        for link in tel:
            assert re.fullmatch(r"tel:\+86\d{9,11}", link.attrs["href"]), (url, link.attrs["href"])
            assert re.match(r"0\d{2,3}-\d{7,8}", link.text), (url, link.text)


def test_the_bureau_phone_as_dialled_from_abroad(sample_client):
    shown = page(sample_client.get("/en/contact/bureau/"))
    hrefs = [e.attrs.get("href") for e in shown.elements if e.tag == "a"]
    assert "tel:+869158812345" in hrefs
    assert "0915-8812345 (+86 915 881 2345)" in shown.text


def test_office_hours_are_in_china_time_on_english_pages(sample_client):
    en = page(sample_client.get("/en/contact/bureau/")).text
    assert "China time (UTC+8)" in en
    assert "UTC" not in page(sample_client.get("/zh/contact/bureau/")).text


@pytest.mark.parametrize("lang", LANGS)
def test_the_contact_pages_lead_to_the_inquiry_form_of_each_desk(sample_client, sample_app, lang):
    content = sample_app.extensions["content"].current
    listing = page(sample_client.get(f"/{lang}/contact/"))
    hrefs = {e.attrs.get("href") for e in listing.elements if e.tag == "a"}
    for slug in DESKS:
        desk = content.get("desks", slug, lang)
        if desk.kind == "chamber":  # a partner: its inquiries go to the bureau, credited to it
            assert f"/{lang}/inquiry/?desk={slug}" not in hrefs
            assert f"/{lang}/inquiry/?ref={slug}" in hrefs
            continue
        # A resident office is a desk and a partner: its inquiries reach it, credited to it.
        link = f"/{lang}/inquiry/?desk={slug}" + (f"&ref={slug}" if is_partner(desk) else "")
        assert link in hrefs, slug
        own = page(sample_client.get(f"/{lang}/contact/{slug}/"))
        assert link in {e.attrs.get("href") for e in own.elements}
        # The form it leads to answers.
        assert sample_client.get(f"/{lang}/inquiry/?desk={slug}").status_code == 200


def test_wholly_owned_is_not_a_sole_proprietorship(sample_client):
    en = main_text(sample_client.get("/en/projects/manganese-deep-processing/"))
    assert "Wholly owned (WFOE for foreign investors)" in en
    assert "Sole proprietorship" not in en
    for root in ("content", "tests/fixtures/content"):
        taxonomy = (SAMPLE_CONTENT.parent / root / "taxonomy.yaml").read_text(encoding="utf-8")
        assert "Sole proprietorship" not in taxonomy and "WFOE" in taxonomy


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_query_strings_on_my_pages_are_never_a_5xx(sample_client, lang):
    for url in (f"/{lang}/policies/?validity=<script>&industry=%00&page=-1",
                f"/{lang}/policies/?category=tax&category=tax&validity=expired",
                f"/{lang}/contact/?desk=%E2%80%AE", f"/{lang}/policies/no-such/",
                f"/{lang}/projects/manganese-deep-processing/?desk=x'%22"):
        assert sample_client.get(url).status_code < 500
