"""The link in the acknowledgement, as the investor receives it (the real form, the outbox, an
SMTP server in-process), opens their status page."""

import re
from urllib.parse import urlsplit

import pytest

from portal.outbox import send_due

from ..lead_helpers import Visitor, stored_leads

SITE = "https://invest.example.cn"
LINK = re.compile(r"https://invest\.example\.cn(/(?:zh|en)/status/[A-Za-z0-9_-]+/)")


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_the_acknowledgements_link_opens_the_status_page(staff_app, smtp, mailbox, lang):
    app = staff_app(SMTP_URL=smtp.url, SITE_URL=SITE)
    Visitor(app, lang).submit({"message": "请介绍园区条件"})
    assert send_due(app).failed == 0
    [ack] = mailbox.to("zhang.wei@example.com")
    [path] = LINK.findall(ack.get_content())
    assert urlsplit(path).path.startswith(f"/{lang}/status/")
    response = app.test_client().get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'aria-current="step"' in html
    [lead] = stored_leads(app)
    assert lead.name not in html and lead.email not in html  # nothing personal
    assert lead.reference in html  # the investor's own reference, to quote when calling the desk
