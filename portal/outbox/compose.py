"""The messages a lead sends, written to the outbox in the lead's own transaction, and the
``EmailMessage`` built from an outbox row when it is sent.

Staff (the routed desk, the desks copied, the bureau inbox) get the whole lead, every label in
Chinese and English, with Reply-To set to the investor; at the top, the language to reply in.

The investor gets an acknowledgement in their language: the reference, the desk, the reply-by
date in Chinese working days, their private status link, and a copy of everything they sent,
each answer with its label (it is theirs). Echoing typed text could turn a form into a way to
send arbitrary text to arbitrary addresses; here it cannot be used so: the acknowledgement goes
only to the one address given on the form, never to a list, the per-address and per-contact
limits bound how many go out, and the bureau's own staff receive the same text, so the form
relays nothing they do not read. Header values are single lines whatever anyone typed.

The status link's token is sealed in the stored body (``sealed``): the outbox never holds it
in clear, and the staff mail never carries it.
"""

import secrets
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import urlsplit

import phonenumbers
from flask import current_app, has_app_context, render_template
from flask_babel import gettext as _

from ..clock import CHINA_TIME
from ..db import aware
from ..db.schema import outbox
from ..formatting import phone_parts
from ..leads.answers import CONTACT_FIELDS, in_language, shown
from ..leads.answers import label as label_of
from ..leads.masking import mask
from ..urls import mail_url
from .sealed import seal, unseal

RULES = {
    "item": "按所询项目、园区或厂房 by the item asked about",
    "desk": "访客选定本窗口 the desk the visitor chose",
    "industry": "按行业 by industry",
    "region": "按投资者所在地区 by the investor's region",
    "bureau": "其他咨询由投资促进局受理 all other inquiries: the bureau",
}

COPY_REASONS = {
    "item": "所询项目的负责窗口 owner of the item asked about",
    "language": "能用{zh}答复 can reply in {en}",
}
LANGUAGE_NAMES = {"zh": ("中文", "Chinese"), "zh-hant": ("繁体中文", "traditional Chinese"),
                  "en": ("英文", "English"), "yue": ("粤语", "Cantonese")}


def copy_reason(reason, lang):
    zh, en = LANGUAGE_NAMES.get(lang or "zh", (lang, lang))
    return COPY_REASONS.get(reason, reason).format(zh=zh, en=en)


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
    """``[(kind, address, name)]``: the routed desk, the desks copied, then the bureau inbox;
    each address once."""
    found, seen = [], set()

    def add(kind, address, name):
        if address and address.lower() not in seen:
            seen.add(address.lower())
            found.append((kind, address, name))

    for kind, slug in [("desk", lead["desk"]), *(("copy", c["desk"]) for c in lead.get("copies") or ())]:
        desk = content.get("desks", slug, "zh")
        if desk:
            add(kind, desk.email, desk.name)
    add("bureau", bureau_inbox(config, content), content.site.name.zh)
    return found


def phone_text(number, lang):
    """A desk's phone in a plain-text mail: as dialled in China, and for a reader who may be
    outside the mainland (English, 繁體) with the +86 form too: ``0755-28107766 (+86 755 2810 7766)``."""
    e164, local = phone_parts(number)
    if lang == "zh" or e164 is None or not e164.startswith("+86"):
        return local or ""
    international = phonenumbers.format_number(phonenumbers.parse(e164),
                                               phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{local} ({international})"


def partner_names(content, ref):
    """``(zh, en)`` names of the desk a lead's ``ref`` names (a partner's slug); None for a ref
    that names no desk (typed into a link by hand, or of a desk since removed)."""
    zh, en = content.get("desks", ref, "zh"), content.get("desks", ref, "en")
    return (zh.name, en.name if en else zh.name) if zh else None


def masked(lead):
    """The lead as a desk only copied on it reads it on its lead page (``staff.inbox.shows_contacts``):
    name, phone, e-mail and WeChat masked, in the lead's fields and in its answers."""
    answers = [{**a, "value": mask(a["field"], str(a["value"])), "text": None}
               if a["field"] in CONTACT_FIELDS else a for a in lead.get("answers") or ()]
    return {**lead, **{f: mask(f, lead.get(f)) for f in CONTACT_FIELDS}, "answers": answers,
            "masked": True}


def staff_body(lead, content, reply):
    """The lead for staff, in Chinese with English labels (rendered with Chinese gettext)."""
    received = aware(lead["created_at"]).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
    zh, en = LANGUAGE_NAMES.get(lead.get("reply_lang") or lead["lang"], ("中文", "Chinese"))
    copies = [(content.get("desks", c["desk"], "zh"), c) for c in lead.get("copies") or ()]
    return render_template(
        "mail/lead.txt", lead=lead, site=content.site, received=received,
        desk=content.get("desks", lead["desk"], "zh"), rule=RULES.get(lead["routed_by"], lead["routed_by"]),
        copies=[(d.name if d else c["desk"], copy_reason(c["reason"], lead.get("reply_lang")))
                for d, c in copies],
        reply_zh=zh, reply_en=en, reply=reply, working_days=current_app.config["REPLY_WORKING_DAYS"],
        used=LANGUAGE_NAMES.get(lead["lang"], (lead["lang"], lead["lang"])),
        partner=partner_names(content, lead["ref"]) if lead.get("ref") else None)


def queue_messages(connection, lead, content, now, reply=None, status_token=None):
    """Insert the lead's messages into the outbox; return how many go to staff (0: nobody).

    ``reply`` is the ReplyBy of the promise; ``status_token`` the status link's token, which
    only the acknowledgement carries (sealed while it waits)."""
    config = current_app.config
    sender = mail_from(config)
    desk = content.get("desks", lead["desk"], lead["lang"])
    rows = []
    staff = staff_recipients(lead, content, config)
    with in_language("zh"):
        subject = _("[Inquiry %(reference)s] %(name)s", reference=lead["reference"], name=lead["name"])
        body = staff_body(lead, content, reply)
        if any(kind == "copy" for kind, _address, _name in staff):  # copied desks read it masked
            copy = masked(lead)
            copy_subject = _("[Inquiry %(reference)s] %(name)s", reference=lead["reference"],
                             name=copy["name"])
            copy_body = staff_body(copy, content, reply)
    for kind, address, name in staff:
        copied = kind == "copy"
        rows.append({"kind": kind, "recipient": address, "recipient_name": name,
                     "reply_to": None if copied else lead["email"],
                     "subject": copy_subject if copied else subject, "body": copy_body if copied else body,
                     "sender_name": content.site.name.zh})
    if lead["email"]:
        link = None
        if status_token:
            link = mail_url("status.progress", lang=lead["lang"], token=status_token)
            link = link.replace(status_token, seal(status_token, current_app.secret_key))
        # zh-hant: written from the Chinese, then converted as its pages are (content/hant.py).
        written = content.hant.text if lead["lang"] == "zh-hant" else str
        with in_language(lead["lang"]):
            copies = [content.get("desks", c["desk"], lead["lang"]) for c in lead.get("copies") or ()]
            rows.append({
                "kind": "acknowledgement", "recipient": lead["email"], "recipient_name": lead["name"],
                "reply_to": (desk.email if desk else None) or bureau_inbox(config, content),
                "subject": written(_("We received your inquiry %(reference)s", reference=lead["reference"])),
                "body": written(render_template("mail/acknowledgement.txt", lead=lead, desk=desk,
                                                copies=[c for c in copies if c], site=content.site,
                                                reply=reply, status_link=link, lang=lead["lang"],
                                                answer_label=label_of, answer_text=shown,
                                                phone_text=phone_text)),
                "sender_name": written(content.site.name.text(lead["lang"])),
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


def queue_status_link(connection, lead, content, now, status_token):
    """Queue the mail that gives the investor of ``lead`` (its stored values) a new private
    status link, in their language, the token sealed while it waits. Staff send it when the
    old link was forwarded or lost; the old one no longer works."""
    config = current_app.config
    sender = mail_from(config)
    lang = lead["lang"]
    desk = content.get("desks", lead["desk"], lang)
    link = mail_url("status.progress", lang=lang, token=status_token)
    link = link.replace(status_token, seal(status_token, current_app.secret_key))
    written = content.hant.text if lang == "zh-hant" else str  # as the acknowledgement is written
    with in_language(lang):
        subject = written(_("A new link to follow your inquiry %(reference)s", reference=lead["reference"]))
        body = written(render_template("mail/status_link.txt", lead=lead, desk=desk, site=content.site,
                                       status_link=link))
        sender_name = written(content.site.name.text(lang))
    connection.execute(outbox.insert().values(
        lead_id=lead["id"], kind="status-link", recipient=lead["email"],
        recipient_name=one_line(lead["name"]), sender=sender, sender_name=one_line(sender_name),
        reply_to=(desk.email if desk else None) or bureau_inbox(config, content),
        subject=one_line(subject), body=body, created_at=now, next_attempt_at=now, status="pending",
        attempts=0, message_id=f"<{lead['reference']}.status-link.{secrets.token_hex(6)}@"
                               f"{sender.rsplit('@', 1)[-1]}>"))


def email_message(row, secret=None):
    """The message for an outbox row: always the same headers, Message-ID included; seals made
    with ``secret`` (default: the current app's secret key) opened."""
    if secret is None and has_app_context():
        secret = current_app.secret_key
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name=row.sender_name, addr_spec=row.sender)
    message["To"] = Address(display_name=row.recipient_name, addr_spec=row.recipient)
    if row.reply_to:
        message["Reply-To"] = row.reply_to
    message["Subject"] = row.subject
    message["Date"] = format_datetime(aware(row.created_at))
    message["Message-ID"] = row.message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    message.set_content(unseal(row.body, secret) if secret else row.body)
    return message
