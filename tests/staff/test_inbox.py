"""The leads inbox: newest first, paged, each filter, desk scoping, the stage counts, overdue
leads and the leads whose mail was not delivered."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal.db import transaction
from portal.db.schema import leads, outbox, staff_users

from .helpers import Staff, add_user

SERIAL = itertools.count(1)
ANSWERS = [{"field": "name", "label": {"zh": "姓名", "en": "Name"}, "value": "张伟"},
           {"field": "email", "label": {"zh": "电子邮箱", "en": "E-mail"}, "value": "zhang.wei@example.com"},
           {"field": "phone", "label": {"zh": "电话", "en": "Phone"}, "value": "+8613800138000"},
           {"field": "industry", "label": {"zh": "行业", "en": "Industry"}, "value": "agriculture",
            "text": {"zh": "现代农业", "en": "Modern agriculture"}},
           {"field": "message", "label": {"zh": "留言", "en": "Message"}, "value": "想了解厂房"}]


def make_lead(app, **values):
    """A lead row as the form stores it (defaults: agri-team, new, received now); its id."""
    number = next(SERIAL)
    now = datetime.now(UTC)
    row = {"submission_key": f"key-{number}-{now.timestamp()}", "created_at": now, "lang": "zh",
           "name": "张伟", "company": "青岚富硒茶业有限公司", "email": "zhang.wei@example.com",
           "phone": "+8613800138000", "wechat": "zhangwei88", "region": "CN-GD",
           "industry": "agriculture", "answers": ANSWERS, "desk": "agri-team", "routed_by": "industry",
           "consent_at": now, "consent_version": "2026-1", "consent_share": False,
           "consent_newsletter": False, "needs_attention": False, "status": "new", **values}
    with transaction(app) as connection:
        lead_id = connection.execute(leads.insert().values(row)).inserted_primary_key[0]
        connection.execute(leads.update().where(leads.c.id == lead_id).values(
            reference=values.get("reference", f"QL-2026-{lead_id:06d}")))
    return lead_id


def add_message(app, lead_id, status="failed", kind="desk", recipient="agri@qinglan.gov.cn"):
    now = datetime.now(UTC)
    with transaction(app) as connection:
        return connection.execute(outbox.insert().values(
            lead_id=lead_id, kind=kind, message_id=f"<m{next(SERIAL)}@test>", created_at=now,
            sender="noreply@qinglan.gov.cn", sender_name="青岚县投资促进局", recipient=recipient,
            recipient_name="新农业招商小分队", subject="新的投资咨询", body="正文", status=status,
            attempts=30 if status == "failed" else 0, next_attempt_at=now,
            last_error="SMTPRecipientsRefused: 550" if status == "failed" else None,
        )).inserted_primary_key[0]


def user_id(app, name):
    with transaction(app) as connection:
        return connection.execute(sa.select(staff_users.c.id).where(staff_users.c.name == name)).scalar_one()


def signed_in(app, name, role, desk=None, lang="en"):
    add_user(app, name, role, desk=desk)
    staff = Staff(app, name, lang=lang)
    assert staff.login().status_code == 303
    return staff


def references(html):
    import re

    return re.findall(r">(QL-2026-\d{6})</a></td>", html)


@pytest.fixture
def app(staff_app):
    return staff_app()


def test_newest_first_and_paged_by_fifty(app):
    start = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    ids = [make_lead(app, created_at=start + timedelta(hours=n)) for n in range(55)]
    leader = signed_in(app, "leader1", "leader")
    first = leader.get("/staff/leads/").get_data(as_text=True)
    shown = references(first)
    assert len(shown) == 50
    assert shown[0] == f"QL-2026-{ids[-1]:06d}" and shown[-1] == f"QL-2026-{ids[5]:06d}"
    assert 'rel="next"' in first
    second = leader.get("/staff/leads/?page=2").get_data(as_text=True)
    assert references(second) == [f"QL-2026-{i:06d}" for i in reversed(ids[:5])]
    assert 'rel="next"' not in second and 'rel="prev"' in second


def test_each_filter_narrows_the_list(app):
    other = make_lead(app)
    add_user(app, "wang", "desk", desk="agri-team")
    owner = user_id(app, "wang")
    leads_by_filter = {
        "stage=contacted": make_lead(app, status="contacted"),
        "desk=materials-team": make_lead(app, desk="materials-team"),
        f"owner={owner}": make_lead(app, owner_id=owner),
        "industry=materials": make_lead(app, industry="materials"),
        "region=SG": make_lead(app, region="SG"),
        "ref=shenzhen-chamber": make_lead(app, ref="shenzhen-chamber"),
        "from=2026-03-01&to=2026-03-31": make_lead(app, created_at=datetime(2026, 3, 31, 15, 30, tzinfo=UTC)),
    }
    make_lead(app, created_at=datetime(2026, 3, 31, 16, 30, tzinfo=UTC))  # 1 April in China
    leader = signed_in(app, "leader1", "leader")
    for query, lead_id in leads_by_filter.items():
        shown = references(leader.get(f"/staff/leads/?{query}").get_data(as_text=True))
        assert shown == [f"QL-2026-{lead_id:06d}"], query
    unassigned = references(leader.get("/staff/leads/?owner=unassigned").get_data(as_text=True))
    assert f"QL-2026-{leads_by_filter[f'owner={owner}']:06d}" not in unassigned
    assert f"QL-2026-{other:06d}" in unassigned


def test_overdue_means_unanswered_past_the_promise(app):
    today = datetime.now(UTC)
    late = make_lead(app, reply_by=(today - timedelta(days=1)).date())
    make_lead(app, reply_by=(today - timedelta(days=3)).date(), status="contacted")  # answered
    make_lead(app, reply_by=(today + timedelta(days=2)).date())
    old = make_lead(app, created_at=today - timedelta(days=20))  # no reply-by: counted from received
    make_lead(app)  # received now, no reply-by: not yet
    leader = signed_in(app, "leader1", "leader")
    html = leader.get("/staff/leads/?overdue=1").get_data(as_text=True)
    assert sorted(references(html)) == sorted([f"QL-2026-{late:06d}", f"QL-2026-{old:06d}"])
    assert html.count('class="overdue"') == 2


def test_desk_staff_see_their_desk_and_the_leads_they_are_copied_on(app):
    own = make_lead(app)
    copied = make_lead(app, desk="bureau", copies=[{"desk": "agri-team", "reason": "language"}])
    elsewhere = make_lead(app, desk="materials-team", copies=[{"desk": "bureau", "reason": "item"}])
    desk = signed_in(app, "li", "desk", desk="agri-team")
    shown = references(desk.get("/staff/leads/").get_data(as_text=True))
    assert sorted(shown) == sorted([f"QL-2026-{own:06d}", f"QL-2026-{copied:06d}"])
    assert desk.get(f"/staff/leads/{elsewhere}/").status_code == 404
    assert desk.get(f"/staff/leads/{copied}/").status_code == 200
    assert desk.get("/staff/leads/99999/").status_code == 404
    leader = signed_in(app, "leader1", "leader")
    assert len(references(leader.get("/staff/leads/").get_data(as_text=True))) == 3


def test_counts_per_stage_are_filter_links(app):
    for status in ("new", "new", "contacted", "signed"):
        make_lead(app, status=status)
    make_lead(app, status="new", desk="materials-team")
    leader = signed_in(app, "leader1", "leader")
    html = leader.get("/staff/leads/?desk=agri-team").get_data(as_text=True)
    assert "All (4)" in html and "New (2)" in html and "Contacted (1)" in html and "Signed (1)" in html
    assert 'href="/staff/leads/?stage=contacted&amp;desk=agri-team"' in html


def test_leads_not_delivered_are_on_top_for_those_who_may_see_them(app):
    flagged = make_lead(app, needs_attention=True)
    failed = make_lead(app)
    add_message(app, failed, "failed")
    add_message(app, make_lead(app), "sent")
    hidden = make_lead(app, desk="materials-team", needs_attention=True)
    desk = signed_in(app, "li", "desk", desk="agri-team")
    html = desk.get("/staff/leads/").get_data(as_text=True)
    block = html.split("Leads not delivered")[1].split("</section>")[0]
    assert f"QL-2026-{flagged:06d}" in block and f"QL-2026-{failed:06d}" in block
    assert f"QL-2026-{hidden:06d}" not in block and block.count("<li>") == 2


@pytest.mark.parametrize("lang, html_lang, desk_name", [
    ("zh", "zh-Hans", "新农业招商小分队"), ("en", "en", "Modern Agriculture Investment Team")])
def test_the_inbox_speaks_both_languages(app, lang, html_lang, desk_name):
    make_lead(app)
    desk = signed_in(app, "li", "desk", desk="agri-team", lang=lang)
    response = desk.get("/staff/leads/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{html_lang}">' in html
    assert f">{desk_name}</td>" in html


def test_a_stage_or_page_that_is_not_one_is_ignored_not_an_error(app):
    make_lead(app)
    leader = signed_in(app, "leader1", "leader")
    response = leader.get("/staff/leads/?stage=nope&page=-3")
    assert response.status_code == 200
    assert len(references(response.get_data(as_text=True))) == 1


@pytest.mark.parametrize(("query", "named"), [
    ("from=abc", "Received from"), ("to=2026-13-45", "Received to"), ("from=2026-3-1", "Received from"),
    ("owner=x';--", "Owner"),
])
def test_a_day_or_owner_that_is_not_one_answers_400_saying_which(app, query, named):
    """Dropped silently, the staff member would read every lead as the ones they asked for."""
    make_lead(app)
    response = signed_in(app, "leader1", "leader").get(f"/staff/leads/?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"“{named}” was not applied" in page and len(references(page)) == 1
    export = signed_in(app, "leader2", "leader").get(f"/staff/leads/leads.csv?{query}")
    assert export.status_code == 400


def test_reply_by_is_shown_as_a_date(app):
    make_lead(app, reply_by=date(2030, 1, 4))
    leader = signed_in(app, "leader1", "leader")
    assert "Jan 4, 2030" in leader.get("/staff/leads/").get_data(as_text=True)
