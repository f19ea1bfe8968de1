"""A lead is handed over only to someone who may work it: a leader, or staff of the desk it is
routed to. A desk only copied on the lead reads it, so its staff are not offered, and a hand-over
to one of them is refused at the field."""

import re

from .test_inbox import make_lead, signed_in, user_id
from .test_lead_actions import act, lead_row


def offered(html):
    """The names in the hand-over list of a lead page."""
    select = re.search(r'<select[^>]*id="handover-owner".*?</select>', html, re.S)
    assert select, "no hand-over list on the page"
    return set(re.findall(r"<option[^>]*>([^<]+)</option>", select.group(0)))


def test_a_copied_desks_staff_are_not_offered_the_lead(staff_app):
    app = staff_app()
    sun = signed_in(app, "sun", "desk", desk="bureau")
    signed_in(app, "zhou", "desk", desk="bureau")
    signed_in(app, "li", "desk", desk="agri-team")  # the copied desk
    signed_in(app, "boss", "leader")
    lead_id = make_lead(app, desk="bureau", owner_id=user_id(app, "sun"),
                        copies=[{"desk": "agri-team", "reason": "language"}])
    page = sun.get(f"/staff/leads/{lead_id}/").get_data(as_text=True)
    assert offered(page) == {"zhou", "boss"}
    response = act(sun, lead_id, "hand-over", {"owner": str(user_id(app, "li")), "reason": "语言"})
    assert response.status_code == 422
    assert lead_row(app, lead_id).owner_id == user_id(app, "sun")
    done = act(sun, lead_id, "hand-over", {"owner": str(user_id(app, "zhou")), "reason": "休假"})
    assert done.status_code == 303 and lead_row(app, lead_id).owner_id == user_id(app, "zhou")
