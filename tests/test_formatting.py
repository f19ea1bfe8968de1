"""Money and areas as each language writes them, as they appear on the pages."""

import re

from .helpers import page


def facts(client, url):
    """``{label: value}`` of a page's fact tables (``<dt>``/``<dd>`` pairs)."""
    shown = page(client.get(url))
    terms = [e.text for e in shown.elements if e.tag == "dt"]
    values = [e.text for e in shown.elements if e.tag == "dd"]
    return dict(zip(terms, values, strict=False))


def test_total_investment_in_chinese(client):
    text = page(client.get("/zh/projects/tea-processing/")).text
    assert "3.5亿元" in text


def test_total_investment_in_english(client):
    text = page(client.get("/en/projects/tea-processing/")).text
    assert "CNY 350 million" in text
    assert "亿" not in text


def test_amount_in_wan_in_english(client):
    text = page(client.get("/en/projects/manganese-sulfate/")).text
    assert "CNY 80 million" in text


def test_card_shows_the_amount_too(client):
    assert "CNY 350 million" in page(client.get("/en/projects/")).text
    assert "3.5亿元" in page(client.get("/zh/projects/")).text


def test_land_in_chinese_is_in_mu(client):
    assert "80亩" in page(client.get("/zh/projects/tea-processing/")).text.replace(" ", "")


def test_land_in_english_shows_square_metres_alongside(client):
    text = page(client.get("/en/projects/tea-processing/")).text
    match = re.search(r"80 mu \(([\d,]+) m²\)", text)
    assert match, "land in mu has no m² alongside"
    # 1 mu = 10,000/15 m² exactly, so 80 mu = 53,333.3 m².
    assert match.group(1) == "53,333"


def test_building_area_in_english_shows_mu_alongside(client):
    assert re.search(r"36,000 m² \(54(\.0)? mu\)", page(client.get("/en/projects/tea-processing/")).text)


def test_english_dates_and_numbers_have_no_chinese(client):
    text = page(client.get("/en/policies/referral-reward-2023/")).text
    assert "2025年" not in text and "年" not in text
    assert "2025" in text
