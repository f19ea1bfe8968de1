"""Figures as each language writes them: tables of every figure type in both languages, then
the same figures as they appear on the fixture pages."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import g
from flask_babel import gettext

from portal import formatting as f
from portal.content.types import Amount

from .helpers import page

TODAY = f.china_today


def shown(app, lang, function, *args):
    with app.test_request_context(f"/{lang}/"):
        g.lang = lang
        value = function(*args)
        return str(value)


LAND = [  # mu -> Chinese, English (1 mu = 666.67 m² = 0.0667 ha = 0.1647 acre)
    (320, "320亩", "320 mu (21.33 ha, 52.72 acres)"),
    (80, "80亩", "80 mu (5.33 ha, 13.18 acres)"),
    (2350, "2,350亩", "2,350 mu (156.67 ha, 387.13 acres)"),
    (0.5, "0.5亩", "0.5 mu (0.03 ha, 0.08 acres)"),
]
FLOOR = [  # a building's floor area: square metres only, never mu
    (96000, "96,000㎡", "96,000 m²"),
    (36000, "36,000㎡", "36,000 m²"),
    (1250.5, "1,250.5㎡", "1,250.5 m²"),
]
MONEY = [
    ("12亿元", "12亿元", "CNY 1,200 million"),
    ("3.5亿元", "3.5亿元", "CNY 350 million"),
    ("8000万元", "8,000万元", "CNY 80 million"),
    ("2100万元", "2,100万元", "CNY 21 million"),
    ("150万元", "150万元", "CNY 1.5 million"),
    ("15万元", "15万元", "CNY 150,000"),
    ("120元", "120元", "CNY 120"),
]
PHONES = [  # written -> tel: link (E.164), local form shown
    ("0915-8812345", "+869158812345", "0915-8812345"),
    ("(0915) 881 2345", "+869158812345", "0915-8812345"),
    ("021-58763321", "+862158763321", "021-58763321"),
    ("13800138000", "+8613800138000", "138 0013 8000"),
    ("+852 2345 6789", "+85223456789", "+852 2345 6789"),
]


@pytest.mark.parametrize(("value", "zh", "en"), LAND)
def test_land_is_in_mu_with_hectares_and_acres_in_english(app, value, zh, en):
    assert shown(app, "zh", f.mu, value) == zh
    assert shown(app, "en", f.mu, value) == en


@pytest.mark.parametrize(("value", "zh", "en"), FLOOR)
def test_floor_area_is_in_square_metres_only(app, value, zh, en):
    assert shown(app, "zh", f.m2, value) == zh
    assert shown(app, "en", f.m2, value) == en
    assert "mu" not in shown(app, "en", f.m2, value) and "亩" not in shown(app, "zh", f.m2, value)


@pytest.mark.parametrize(("written", "zh", "en"), MONEY)
def test_money_has_one_notation_per_language(app, written, zh, en):
    from portal.content.types import parse_amount

    amount = parse_amount(written)
    assert shown(app, "zh", f.money, amount) == zh
    assert shown(app, "en", f.money, amount) == en
    assert "billion" not in shown(app, "en", f.money, Amount(Decimal(10) ** 10))


@pytest.mark.parametrize(("written", "e164", "local"), PHONES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phones_link_in_e164_and_show_the_local_form(app, lang, written, e164, local):
    html = shown(app, lang, f.phone, written)
    assert f'href="tel:{e164}"' in html
    assert f">{local}" in html


def test_english_pages_add_the_international_form_of_a_chinese_number(app):
    assert "(+86 915 881 2345)" in shown(app, "en", f.phone, "0915-8812345")
    assert "+86" not in shown(app, "zh", f.phone, "0915-8812345").split(">", 1)[1]


def test_an_unreadable_phone_is_shown_without_a_link(app):
    assert shown(app, "en", f.phone, "0915-88<b>") == "0915-88&lt;b&gt;"


def test_jobs_are_people(app):
    assert shown(app, "zh", f.people, 650) == "650人"
    assert shown(app, "en", f.people, 1200) == "1,200 people"


def test_office_hours_name_china_time_in_english(app):
    assert shown(app, "en", f.hours, "Monday to Friday, 8:30–12:00") == (
        "Monday to Friday, 8:30–12:00, China time (UTC+8)")
    assert shown(app, "zh", f.hours, "周一至周五 8:30–12:00") == "周一至周五 8:30–12:00"
    assert shown(app, "en", f.hours, "9:00–17:00 (UTC+8)") == "9:00–17:00 (UTC+8)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dates_in_the_past_are_available_now(app, lang):
    with app.test_request_context(f"/{lang}/"):
        g.lang = lang
        now = gettext("available now")
        assert f.available(TODAY() - timedelta(days=200)) == now
        assert f.available(TODAY()) == now
        future = f.available(TODAY() + timedelta(days=400))
        assert future != now and str((TODAY() + timedelta(days=400)).year) in future


def test_dates_in_each_language(app):
    assert shown(app, "zh", f.day, date(2026, 6, 1)) == "2026年6月1日"
    assert shown(app, "en", f.day, date(2026, 6, 1)) == "Jun 1, 2026"


def test_total_investment_in_chinese(client):
    assert "3.5亿元" in page(client.get("/zh/projects/tea-processing/")).text


def test_total_investment_in_english(client):
    text = page(client.get("/en/projects/tea-processing/")).text
    assert "CNY 350 million" in text
    assert "亿" not in text and "万元" not in text and "billion" not in text


def test_amount_in_wan_in_english(client):
    assert "CNY 80 million" in page(client.get("/en/projects/manganese-sulfate/")).text


def test_card_shows_the_amount_too(client):
    assert "CNY 350 million" in page(client.get("/en/projects/")).text
    assert "3.5亿元" in page(client.get("/zh/projects/")).text


def test_land_in_chinese_is_in_mu(client):
    assert "80亩" in page(client.get("/zh/projects/tea-processing/")).text.replace(" ", "")


def test_land_in_english_shows_hectares_and_acres(client):
    assert "80 mu (5.33 ha, 13.18 acres)" in page(client.get("/en/projects/tea-processing/")).text


def test_building_area_is_never_in_mu(client):
    text = page(client.get("/en/projects/tea-processing/")).text
    assert "36,000 m²" in text
    assert not re.search(r"36,000 m² \(", text)
    zh = page(client.get("/zh/projects/tea-processing/")).text
    assert "36,000㎡" in zh and "m²" not in zh


def test_english_dates_and_numbers_have_no_chinese(client):
    text = page(client.get("/en/policies/referral-reward-2023/")).text
    assert "2025年" not in text and "年" not in text
    assert "2025" in text
