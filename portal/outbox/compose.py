"""The messages a lead sends, written to the outbox in the lead's own transaction, and the
``EmailMessage`` built from an outbox row when it is sent.

Staff (the routed desk and the bureau inbox) get the whole lead, every label in Chinese and
English, with Reply-To set to the investor. The investor gets an acknowledgement in their
language with the reference, the desk and the promised reply time, and no copy of what they
typed: the form must not become a way to send arbitrary text to arbitrary addresses.
"""

import secrets
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import gettext as _

from ..db import aware
from ..db.schema import outbox
from ..leads.answers import in_language
from ..leads.workdays import CHINA_TIME

RULES = {
    "item": "按所询项目、园区或厂房 by the item asked about",
    "desk": "访客从本窗口页面提交 sent from this desk's page",
    "industry": "按行业 by industry",
    "region": "按投资者所在地区 by the investor's region",
    "bureau": "其他咨询由投资促进局受理 all other inquiries: the bureau",
}


def one_line(text):
    """A header value: no CR, LF or other line breaks, whatever content or visitors wrote."""
    return " ".join(str(text or "").split())


def mail_from(config):
    """``MAIL_FROM``, else ``noreply@`` the site's host."""
    if config.get("MAIL_FROM"):
        return config["MAIL_FROM"]
    host = urlsplit(config.get("SITE_URL") or "").hostname or "localhost"
    return f"noreply@{host}"


def bureau_inbox(config, content):
    """``BUREAU_INBOX``, else the e-mail of the bureau's own desk in the content."""
    if config.get("BUREAU_INBOX"):
        return config["BUREAU_INBOX"]
    return next((d.email for d in content.items("desks", "zh") if d.kind == "bureau" and d.email), None)


def staff_recipients(lead, content, config):
    """``[(kind, address, name)]``: the routed desk, then the bureau inbox unless the same."""
    desk = content.get("desks", lead["desk"], "zh")
    found = []
    if desk and desk.email:
        found.append(("desk", desk.email, desk.name))
    inbox = bureau_inbox(config, content)
    if inbox and inbox.lower() not in {address.lower() for _, address, _ in found}:
        found.append(("bureau", inbox, content.site.name.zh))
    return found


def queue_messages(connection, lead, content, now):
    """Insert the lead's messages into the outbox; return how many go to staff (0: nobody)."""
    config = current_app.config
    sender = mail_from(config)
    desk = content.get("desks", lead["desk"], lead["lang"])
    rows = []
    staff = staff_recipients(lead, content, config)
    with in_language("zh"):
        subject = _("[Inquiry %(reference)s] %(name)s", reference=lead["reference"], name=lead["name"])
        received = aware(lead["created_at"]).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
        body = render_template("mail/lead.txt", lead=lead, site=content.site, received=received,
                               desk=content.get("desks", lead["desk"], "zh"),
                               rule=RULES.get(lead["routed_by"], lead["routed_by"]))
    for kind, address, name in staff:
        rows.append({"kind": kind, "recipient": address, "recipient_name": name,
                     "reply_to": lead["email"], "subject": subject, "body": body,
                     "sender_name": content.site.name.zh})
    if lead["email"]:
        with in_language(lead["lang"]):
            rows.append({
                "kind": "acknowledgement", "recipient": lead["email"], "recipient_name": lead["name"],
                "reply_to": (desk.email if desk else None) or bureau_inbox(config, content),
                "subject": _("We received your inquiry %(reference)s", reference=lead["reference"]),
                "body": render_template("mail/acknowledgement.txt", lead=lead, desk=desk,
                                        site=content.site),
                "sender_name": getattr(content.site.name, lead["lang"]),
            })
    domain = sender.rsplit("@", 1)[-1]
    for row in rows:
        row.update(
            lead_id=lead["id"], sender=sender, created_at=now, next_attempt_at=now,
            status="pending", attempts=0, subject=one_line(row["subject"]),
            recipient_name=one_line(row["recipient_name"]), sender_name=one_line(row["sender_name"]),
            message_id=f"<{lead['reference']}.{row['kind']}.{secrets.token_hex(6)}@{domain}>",
        )
    if rows:
        connection.execute(outbox.insert(), rows)
    return len(staff)


def email_message(row):
    """The message for an outbox row: always the same headers, Message-ID included."""
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name=row.sender_name, addr_spec=row.sender)
    message["To"] = Address(display_name=row.recipient_name, addr_spec=row.recipient)
    if row.reply_to:
        message["Reply-To"] = row.reply_to
    message["Subject"] = row.subject
    message["Date"] = format_datetime(aware(row.created_at))
    message["Message-ID"] = row.message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    message.set_content(row.body)
    return message
