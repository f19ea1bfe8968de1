"""Site freshness against the national inspection indicators: home page within 2 weeks, columns
within 6 months, no empty column, expired policies, missing translations, leads near the 3-month
line; over the published content and today's date in China; both languages, both backends."""

import re
import shutil
from datetime import date, datetime, timedelta

import pytest

from ..reports import fixture_leads as fx
from ..reports.pages import today
from .helpers import Staff, add_user

URL = "/staff/reports/freshness/"


def set_updated(folder, day):
    page = folder / "index.zh.md"
    page.write_text(re.sub(r"^updated: .*$", f"updated: {day.isoformat()}", page.read_text(encoding="utf-8"),
                           flags=re.M), encoding="utf-8")


def checks(html):
    """``{check key: (passes, the check's text)}`` from the page."""
    found = {}
    for part in html[:html.index("</main>")].split('<li id="check-')[1:]:
        key, rest = part.split('"', 1)
        found[key] = ('data-ok="yes"' in rest[:80], rest)
    return found


def open_page(app, lang="en"):
    add_user(app, "wang", "viewer")
    staff = Staff(app, "wang", lang=lang)
    staff.login()
    response = staff.get(URL)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_fixture_site_against_the_indicators(staff_app):
    html = open_page(staff_app())
    found = checks(html)
    assert set(found) == {"home", "column_news", "column_policies", "empty", "expired", "translations",
                          "leads"}
    # The newest thing on the home page is the materials park of 16 Nov 2026.
    assert "2026-11-16" in found["home"][1]
    assert found["home"][0] == ((today() - date(2026, 11, 16)).days <= 14)
    # The only news item is of March 2026; the newest policy of May 2026.
    assert found["column_news"][0] == (today() <= date(2026, 9, 19))
    assert found["column_policies"][0] == (today() <= date(2026, 11, 12))
    assert found["empty"][0]
    # referral-reward-2023 ended on 2025-12-31 and the site labels it Expired: nothing to fix.
    assert found["expired"][0] and "1 expired policy is labelled Expired on the site" in found["expired"][1]
    assert "policies/referral-reward-2023" not in found["expired"][1]
    assert not found["translations"][0] and "projects/rice-cold-chain" in found["translations"][1]
    assert "projects/tea-processing" not in found["translations"][1]
    assert found["leads"][0]


def test_fresh_content_passes_and_empty_columns_fail(staff_app, content_copy):
    day = today() - timedelta(days=1)
    set_updated(content_copy / "parks" / "agri-park", day)
    set_updated(content_copy / "policies" / "land-support", day)
    shutil.rmtree(content_copy / "news")
    found = checks(open_page(staff_app(content_dir=content_copy)))
    assert found["home"][0] and found["column_policies"][0]
    assert not found["column_news"][0] and not found["empty"][0]
    assert "News" in found["empty"][1]


def test_old_home_page_fails(staff_app, content_copy):
    old = today() - timedelta(days=15)
    for section in ("parks", "projects", "policies", "news"):
        for folder in (content_copy / section).iterdir():
            set_updated(folder, old)
    found = checks(open_page(staff_app(content_dir=content_copy)))
    assert not found["home"][0] and "15 days ago" in found["home"][1]
    assert found["column_news"][0]


def test_leads_near_and_past_the_3_month_line(staff_app):
    app = staff_app()
    now = datetime.now(fx.CST).replace(microsecond=0)
    fx.insert(app, [
        ("QL-OLD", now - timedelta(days=100), "bureau", "health", "CN-GD", None, "new", [],
         (now - timedelta(days=98)).date(), None, None, None),
        ("QL-NEAR", now - timedelta(days=85), "bureau", "health", "CN-GD", None, "new", [],
         (now - timedelta(days=83)).date(), None, None, None),
        ("QL-DONE", now - timedelta(days=100), "bureau", "health", "CN-GD", None, "contacted", ["contacted"],
         (now - timedelta(days=98)).date(), now - timedelta(days=99), None, None),
    ], [], [], [])
    html = open_page(app)
    ok, text = checks(html)["leads"]
    assert not ok and "1 leads past the 3-month line, 1 within 14 days of it" in text
    assert "QL-OLD" in text and "QL-NEAR" in text and "QL-DONE" not in text
    assert "张伟" not in html and "zhang.wei@example.com" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_indicator_is_a_line_in_the_pages_language(staff_app, lang):
    html = open_page(staff_app(), lang)
    assert "政府网站与政务新媒体检查指标" in html
    assert ("Passes" in html or "Fails" in html) if lang == "en" else 'lang="zh-Hans"' in html
    assert len(checks(html)) == 7


@pytest.mark.parametrize(("role", "status"), [("viewer", 200), ("leader", 200), ("admin", 403),
                                               ("auditor", 403)])
def test_who_sees_freshness(staff_app, role, status):
    app = staff_app()
    add_user(app, "li", role)
    staff = Staff(app, "li")
    staff.login()
    assert staff.get(URL).status_code == status


def set_front(folder, **fields):
    """Set (or, with None, remove) front-matter fields of a Chinese page."""
    page = folder / "index.zh.md"
    text = page.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = re.sub(rf"^{name}: .*\n", "", text, flags=re.M)
        if value is not None:
            text = text.replace("\n---\n", f"\n{name}: {value}\n---\n", 1)
    page.write_text(text, encoding="utf-8")


def public_says_expired(app, slug):
    html = app.test_client().get(f"/zh/policies/{slug}/").get_data(as_text=True)
    return "tag-expired" in html


def test_the_expired_check_agrees_with_what_the_site_shows(staff_app, content_copy):
    """A policy the site labels 已失效 passes; one whose text says it ended while the site shows it as
    current (no effective_to) fails, with what to do; once effective_to is set, both agree."""
    app = staff_app(content_dir=content_copy)
    assert public_says_expired(app, "referral-reward-2023") and not public_says_expired(app, "land-support")
    ok, text = checks(open_page(app))["expired"]
    assert ok and "What to do" not in text

    policy = content_copy / "policies" / "land-support"
    page = policy / "index.zh.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "summary: 工业项目用地", "summary: 本办法已废止。工业项目用地"), encoding="utf-8")
    app = staff_app(content_dir=content_copy)
    assert not public_says_expired(app, "land-support")  # the site shows it as current
    html = open_page(app)
    ok, text = checks(html)["expired"]
    assert not ok and "policies/land-support" in text and "已废止" in text and "no effective_to" in text
    assert "1 policy is shown as current although its text says it has ended." in text
    assert "What to do:" in text and "set “effective_to:” to its last day in force" in text
    assert "policies/referral-reward-2023" not in text

    set_front(policy, effective_to=(today() - timedelta(days=1)).isoformat())
    app = staff_app(content_dir=content_copy)
    assert public_says_expired(app, "land-support")
    ok, text = checks(open_page(app))["expired"]
    assert ok and "2 expired policies are labelled Expired on the site" in text


def test_each_failing_check_says_what_to_do(staff_app, content_copy):
    old = today() - timedelta(days=200)
    for section in ("parks", "projects", "policies", "news"):
        for folder in (content_copy / section).iterdir():
            set_updated(folder, old)
    shutil.rmtree(content_copy / "news")
    found = checks(open_page(staff_app(content_dir=content_copy)))
    failing = {key for key, (ok, _) in found.items() if not ok}
    assert {"home", "column_news", "column_policies", "empty", "translations"} <= failing
    for key, (ok, text) in found.items():
        assert ("What to do:" in text) == (not ok), key
    assert "set its “updated:” to the day you checked it" in found["home"][1]
    assert "index.en.md" in found["translations"][1]
