"""The reply promise as a date: 2 Chinese working days after the day the lead arrives in China,
skipping weekends and public holidays (Mid-Autumn on Fri 2026-09-25, National Day 1–7 October)
and counting make-up working days (Sat 2026-10-10). Stored on the lead, shown on the thank-you
page, in both languages; on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

import pytest

from portal.leads.workdays import ReplyBy, reply_by

from ..helpers import page
from ..lead_helpers import Visitor, stored_leads

# (received, UTC) -> (reply by, estimated)
DAYS = [
    (datetime(2026, 9, 24, 2, 0, tzinfo=UTC), date(2026, 9, 29), False),  # Thu: Fri is Mid-Autumn
    (datetime(2026, 9, 25, 2, 0, tzinfo=UTC), date(2026, 9, 29), False),  # received on a holiday
    (datetime(2026, 9, 30, 2, 0, tzinfo=UTC), date(2026, 10, 9), False),  # across the National Day week
    (datetime(2026, 9, 30, 17, 0, tzinfo=UTC), date(2026, 10, 9), False),  # 1 Oct 01:00 in China
    (datetime(2026, 10, 3, 2, 0, tzinfo=UTC), date(2026, 10, 9), False),  # in the holiday week
    (datetime(2026, 10, 8, 1, 0, tzinfo=UTC), date(2026, 10, 10), False),  # the make-up Saturday counts
    (datetime(2026, 10, 9, 1, 0, tzinfo=UTC), date(2026, 10, 12), False),  # ... Sunday does not
    (datetime(2026, 12, 30, 2, 0, tzinfo=UTC), date(2027, 1, 1), True),  # 2027: no schedule yet
]


@pytest.mark.parametrize("received,expected,estimated", DAYS)
def test_the_promise_in_chinese_working_days(received, expected, estimated):
    assert reply_by(received, 2) == ReplyBy(expected, estimated)


@pytest.mark.parametrize("received,expected,estimated", DAYS[1:3] + DAYS[5:6] + DAYS[-1:])
@pytest.mark.parametrize("lang,written", [
    ("zh", {date(2026, 9, 29): "2026年9月29日", date(2026, 10, 9): "2026年10月9日",
            date(2026, 10, 10): "2026年10月10日", date(2027, 1, 1): "2027年1月1日"}),
    ("en", {date(2026, 9, 29): "We will reply by Sep 29, 2026.",
            date(2026, 10, 9): "We will reply by Oct 9, 2026.",
            date(2026, 10, 10): "We will reply by Oct 10, 2026.",
            date(2027, 1, 1): "We will reply by about Jan 1, 2027."}),
])
def test_a_lead_stores_its_reply_by_date_and_the_thank_you_page_shows_it(
        lead_app, monkeypatch, received, expected, estimated, lang, written):
    app = lead_app()
    monkeypatch.setattr("portal.inquiry.leads.utcnow", lambda: received)
    thanks = Visitor(app, lang).submit()
    [lead] = stored_leads(app)
    assert lead.reply_by == expected
    reply = page(thanks).find_all("p", **{"class": "reply-by"})
    assert len(reply) == 1 and written[expected] in reply[0].text
