"""Annual targets: admins set them per year for the county and each desk, amounts typed as staff
write them; POST → 303 → GET, audited; a bad value is a 400 in the page's language; both backends."""

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.db import engine
from portal.db.schema import targets

from .helpers import Staff, add_user, audit_rows


def stored(app, year):
    with engine(app).connect() as connection:
        rows = connection.execute(sa.select(targets).where(targets.c.year == year)).all()
    return {r.desk: (r.projects, r.contracted, r.funds) for r in rows}


@pytest.fixture
def admin(staff_app):
    app = staff_app()
    add_user(app, "root", "admin")

    def login(lang="en"):
        staff = Staff(app, "root", lang=lang)
        staff.login()
        return staff
    return app, login


def test_an_empty_year_shows_no_targets(admin):
    app, login = admin
    html = login().get("/staff/targets/?year=2027").get_data(as_text=True)
    assert "No targets set for 2027" in html
    assert stored(app, 2027) == {}  # the sample county's 223亿 is not invented into the database
    assert 'name="county-funds" value=""' in html


def test_targets_are_saved_from_amounts_as_staff_write_them(admin):
    app, login = admin
    staff = login()
    staff.get("/staff/targets/?year=2027")
    response = staff.post("/staff/targets/?year=2027", {
        "county-projects": "50个", "county-contracted": "2.5亿元", "county-funds": "223亿",
        "agri-team-projects": "５", "agri-team-contracted": "8000万", "agri-team-funds": "１２００",
        "materials-team-funds": "3,000万元",
    })
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/staff/targets/?year=2027")
    assert stored(app, 2027) == {
        None: (50, Decimal("25000.00"), Decimal("2230000.00")),
        "agri-team": (5, Decimal("8000.00"), Decimal("1200.00")),
        "materials-team": (None, None, Decimal("3000.00")),
    }
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "Targets for 2027 saved." in page
    assert 'name="county-funds" value="223亿元"' in page and "No targets set" not in page
    assert [r.object for r in audit_rows(app, "targets.updated")] == ["2027"]
    assert stored(app, 2026) == {}


def test_saving_again_replaces_and_emptying_removes(admin):
    app, login = admin
    staff = login()
    staff.get("/staff/targets/?year=2027")
    staff.post("/staff/targets/?year=2027", {"county-funds": "223亿", "bureau-projects": "3"})
    staff.get("/staff/targets/?year=2027")
    staff.post("/staff/targets/?year=2027", {"county-funds": "200亿"})
    assert stored(app, 2027) == {None: (None, None, Decimal("2000000.00"))}
    assert len(audit_rows(app, "targets.updated")) == 2


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "is not an amount"), ("zh", "不是金额"),
])
def test_a_bad_value_is_a_400_in_the_pages_language_and_nothing_is_saved(admin, lang, message):
    app, login = admin
    staff = login(lang)
    staff.get("/staff/targets/?year=2027")
    response = staff.post("/staff/targets/?year=2027", {"county-funds": "很多", "county-projects": "50"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'value="很多"' in html and 'aria-invalid="true"' in html
    assert stored(app, 2027) == {}
    assert not audit_rows(app, "targets.updated")


def test_bad_project_count_and_year(admin):
    app, login = admin
    staff = login()
    staff.get("/staff/targets/?year=2027")
    response = staff.post("/staff/targets/?year=2027", {"county-projects": "fifty"})
    assert response.status_code == 400 and "number of projects in digits" in response.get_data(as_text=True)
    assert staff.get("/staff/targets/?year=abc").status_code == 404


def test_a_post_without_the_csrf_token_is_refused(admin):
    app, login = admin
    staff = login()
    response = staff.post("/staff/targets/?year=2027", {"county-funds": "223亿"}, csrf=False)
    assert response.status_code == 400
    assert stored(app, 2027) == {}


@pytest.mark.parametrize("role", ["viewer", "leader", "desk", "auditor"])
def test_only_admins_set_targets(staff_app, role):
    app = staff_app()
    add_user(app, "li", role, desk="agri-team")
    staff = Staff(app, "li")
    staff.login()
    assert staff.get("/staff/targets/?year=2027").status_code == 403
    staff.get("/staff/password")  # a page of theirs with a valid CSRF token
    assert staff.post("/staff/targets/?year=2027", {"county-funds": "1亿"}).status_code == 403
    assert stored(app, 2027) == {}


def test_targets_page_in_chinese(admin):
    _, login = admin
    html = login("zh").get("/staff/targets/?year=2027").get_data(as_text=True)
    assert 'lang="zh-Hans"' in html and "新农业招商小分队" in html


def field_values(html):
    return dict(re.findall(
        r'<input id="[^"]+" name="([a-z-]+-(?:projects|contracted|funds))" value="([^"]*)"', html))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_form_shows_amounts_back_as_a_person_types_them(admin, lang):
    """50亿 reads back 50亿元 (not 500000, the 万元 it is stored in), in every language; what the page
    shows, sent again, saves the same targets."""
    app, login = admin
    staff = login(lang)
    staff.get("/staff/targets/?year=2028")
    staff.post("/staff/targets/?year=2028", {
        "county-projects": "５０", "county-contracted": "50亿", "county-funds": "２２３亿元",
        "agri-team-contracted": "8000万", "agri-team-funds": "1.25亿", "bureau-contracted": "12345.5万",
        "materials-team-funds": "350000元",
    })
    before = stored(app, 2028)
    shown = field_values(staff.get("/staff/targets/?year=2028").get_data(as_text=True))
    assert {k: v for k, v in shown.items() if v} == {
        "county-projects": "50", "county-contracted": "50亿元", "county-funds": "223亿元",
        "agri-team-contracted": "8000万元", "agri-team-funds": "1.25亿元", "bureau-contracted": "12345.5万元",
        "materials-team-funds": "35万元",
    }
    assert staff.post("/staff/targets/?year=2028", shown).status_code == 303
    assert stored(app, 2028) == before
