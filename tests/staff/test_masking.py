"""Contact details (name, e-mail, phone, WeChat) are masked for a viewer whose role does not need
them: desk staff see their own desk's leads in full, the leads they are only copied on masked; a
leader sees all. Every page that shows them in full writes an audit row naming the lead."""

import pytest

from .helpers import audit_rows
from .test_inbox import make_lead, signed_in

FULL = ("张伟", "zhang.wei@example.com", "+8613800138000", "zhangwei88")
MASKED = ("张*", "z***@example.com", "+86 138****8000", "z***8")


@pytest.fixture
def world(staff_app):
    app = staff_app()
    own = make_lead(app)
    copied = make_lead(app, desk="bureau", copies=[{"desk": "agri-team", "reason": "language"}])
    return app, own, copied


def contact_part(html):
    """The page without its timeline (notes are staff's own words)."""
    return html.split('id="timeline-title"')[0]


def test_desk_staff_see_their_own_desk_s_lead_in_full_and_it_is_audited(world):
    app, own, _ = world
    li = signed_in(app, "li", "desk", desk="agri-team")
    html = contact_part(li.get(f"/staff/leads/{own}/").get_data(as_text=True))
    for full, masked in zip(FULL[:3], MASKED[:3], strict=True):
        assert full in html and masked not in html
    rows = audit_rows(app, "lead.contacts-viewed")
    assert [(r.object, r.user_name, r.detail) for r in rows] == [
        (f"QL-2026-{own:06d}", "li", {"in": "lead page"})]


def test_a_copied_desk_sees_the_lead_masked_and_nothing_is_audited(world):
    app, _, copied = world
    li = signed_in(app, "li", "desk", desk="agri-team")
    html = contact_part(li.get(f"/staff/leads/{copied}/").get_data(as_text=True))
    for full, masked in zip(FULL[:3], MASKED[:3], strict=True):
        assert masked in html, masked
        assert full not in html, full
    assert "Contact details are masked" in html
    assert audit_rows(app, "lead.contacts-viewed") == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_leader_sees_every_lead_in_full(world, lang):
    app, own, copied = world
    boss = signed_in(app, "boss", "leader", lang=lang)
    for lead_id in (own, copied):
        html = contact_part(boss.get(f"/staff/leads/{lead_id}/").get_data(as_text=True))
        assert all(full in html for full in FULL[:3])
    assert len(audit_rows(app, "lead.contacts-viewed")) == 2


def test_the_inbox_masks_names_by_the_same_rule(world):
    app, own, copied = world
    li = signed_in(app, "li", "desk", desk="agri-team")
    html = li.get("/staff/leads/").get_data(as_text=True)
    row_own = html.split(f"QL-2026-{own:06d}</a>")[1].split("</tr>")[0]
    row_copied = html.split(f"QL-2026-{copied:06d}</a>")[1].split("</tr>")[0]
    assert ">张伟</td>" in row_own and ">张*</td>" in row_copied
    assert [r.object for r in audit_rows(app, "lead.contacts-viewed")] == [f"QL-2026-{own:06d}"]


def test_the_investor_s_address_in_the_mail_table_is_masked_too(world):
    from .test_inbox import add_message

    app, _, copied = world
    add_message(app, copied, "sent", kind="acknowledgement", recipient="zhang.wei@example.com")
    li = signed_in(app, "li", "desk", desk="agri-team")
    html = li.get(f"/staff/leads/{copied}/").get_data(as_text=True)
    assert "zhang.wei@example.com" not in html and "z***@example.com" in html
