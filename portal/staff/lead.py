"""One lead: what the investor sent, where it went and why, the delivery of its mail, its
timeline, and the forms that work it (in ``lead_forms``)."""

from decimal import Decimal

from flask import abort, current_app, g, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from ..content import get_content
from ..db import engine
from ..formatting import wan
from ..leads import answers as lead_answers
from ..leads import store
from ..leads.masking import mask
from ..leads.pipeline import CLOSE_REASONS, LABELS, STAGES, WON_STAGES
from ..leads.privacy import ERASED, INVESTOR_MAIL
from ..leads.vocabulary import COPY_REASONS
from .access import staff_route
from .inbox import contacts, desk_names, personal, record_contacts_viewed, scope_for, shows_contacts, today
from .roles import LEADER, allows

ROUTED_BY = {"item": _l("the project, park or unit the investor chose"),
             "industry": _l("the industry"), "region": _l("the investor's region"),
             "bureau": _l("no desk matched: the bureau"), "desk": _l("the desk the investor chose")}
EVENT_KINDS = {"stage": _l("Stage"), "owner": _l("Owner"), "leader": _l("Responsible leader"),
               "department": _l("Responsible department"), "note": _l("Note"),
               "contract": _l("Contract"), "funds": _l("Funds in place"), "resend": _l("Mail sent again"),
               "status-link": _l("Investor's status link")}
AMOUNT_EVENTS = ("contract", "funds")  # their old and new are amounts in 万元
MESSAGE_KINDS = {"desk": _l("to the desk"), "bureau": _l("to the bureau"),
                 "acknowledgement": _l("acknowledgement to the investor"),
                 "status-link": _l("new status link to the investor")}
STATUS_LINK_STATES = {"live": _l("live"), "revoked": _l("revoked"), "none": _l("none"),
                      "renewed": _l("new link sent")}
# The form asks "Your name", "Your message"; staff read about someone else.
STAFF_LABELS = {"name": _l("Name"), "message": _l("Message")}
MESSAGE_STATES = {"pending": _l("waiting to be sent"), "sent": _l("sent"), "failed": _l("failed"),
                  "written": _l("written to a file"),
                  "cancelled": _l("cancelled")}


def answer_rows(lead, shown):
    """``[(label, text)]`` in the viewer's language; a choice also in the other language."""
    other = "en" if g.lang == "zh" else "zh"
    rows = []
    for answer in lead.answers or ():
        if answer["value"] == ERASED:
            text = personal(ERASED)
        elif answer["field"] in lead_answers.CONTACT_FIELDS and not shown:
            text = mask(answer["field"], str(answer["value"]))
        else:
            text = lead_answers.shown(answer, g.lang)
            second = answer.get("text", {}).get(other) if answer.get("text") else None
            if second and second != text:
                text = f"{text} ({second})"
        label = STAFF_LABELS.get(answer["field"]) or lead_answers.label(answer, g.lang)
        rows.append((str(label), text))
    return rows


def only_copied(user, lead):
    """The viewer sees the lead because their desk is copied on it: they read it, never change it."""
    return not allows(user.role, "leads.read-all") and lead.desk != user.desk


def may_work(user, lead):
    """Stage, take, contract and funds: staff of the lead's own desk (a copied desk reads)."""
    return allows(user.role, "leads.work") and (allows(user.role, "leads.read-all")
                                                or lead.desk == user.desk)


def may_hand_over(user, lead):
    return allows(user.role, "leads.assign") or (lead.owner_id is not None and lead.owner_id == user.id)


def owner_choices(lead, users):
    """Who the lead may be handed to: staff who may work it (its own desk's), or a leader (who may
    assign it on). A desk only copied on the lead reads it: handed to one of its staff, the lead
    would have an owner who can do nothing with it."""
    return [SelectChoice(str(u.id), u.name) for u in users if u.id != lead.owner_id
            and (u.role == LEADER or may_work(u, lead))]


def find_lead(connection, lead_id):
    """The lead in the viewer's scope, or a 404 (unknown and out of scope look the same)."""
    lead = store.load_lead(connection, lead_id, scope_for(current_user))
    if lead is None:
        abort(404)
    return lead


def event_text(event, users, desks):
    """The old → new of an event as words."""
    def one(value):
        if value is None:
            return "—"
        if event.kind in AMOUNT_EVENTS:  # 万元 as stored ("28000.0"): as the site shows money
            try:
                return wan(Decimal(value))
            except ArithmeticError:
                return value
        if event.kind == "stage":
            return str(LABELS.get(value, value))
        if event.kind == "owner":
            return users.get(int(value), value) if str(value).isdigit() else value
        if event.kind == "status-link":
            return str(STATUS_LINK_STATES.get(value, value))
        return value
    if event.kind in ("note",):
        return ""
    if event.kind in ("funds",):
        return one(event.new)
    return f"{one(event.old)} → {one(event.new)}"


def render_lead(lead_id, forms=None, status=200):
    from . import lead_forms

    with engine().connect() as connection:  # a read: on SQLite it never waits for a writer
        lead = find_lead(connection, lead_id)
        events = store.events_of(connection, lead_id)
        messages = store.messages_of(connection, lead_id)
        funds = store.funds_of(connection, lead_id)
        users = store.active_users(connection)
    shown = shows_contacts(current_user, lead)
    if shown:
        record_contacts_viewed([lead.reference], "lead page")
    desks = desk_names(g.lang)
    names = {u.id: u.name for u in users}
    forms = {**lead_forms.blank_forms(lead, owner_choices(lead, users)), **(forms or {})}
    status_link = ("revoked" if lead.status_revoked_at else "live" if lead.status_token_hash else "none")
    html = render_template(
        "staff/lead.html", lead=lead, contact=contacts(lead, shown), shown=shown,
        answers=answer_rows(lead, shown), events=events, messages=messages, funds=funds,
        funds_total=sum((f.amount for f in funds), Decimal(0)), users=names, desks=desks,
        copies=store.copies_of(lead), routed_by=ROUTED_BY, event_kinds=EVENT_KINDS,
        event_text=lambda e: event_text(e, names, desks), message_kinds=MESSAGE_KINDS,
        message_states=MESSAGE_STATES, stage_labels=LABELS, stages=STAGES,
        close_reasons=CLOSE_REASONS, copy_reasons=COPY_REASONS, won=lead.status in WON_STAGES, forms=forms,
        may_work=may_work(current_user, lead), may_write=not only_copied(current_user, lead),
        may_hand_over=may_hand_over(current_user, lead) and not only_copied(current_user, lead),
        may_assign=allows(current_user.role, "leads.assign"), status_link=status_link,
        status_link_states=STATUS_LINK_STATES, investor_mail=INVESTOR_MAIL,
        manage_status_link="staff.status_link" in current_app.view_functions,
        overdue=store.is_overdue(lead, today(), current_app.config["REPLY_WORKING_DAYS"]),
        item=lead_answers.item_label(get_content(), lead.item, g.lang) if lead.item else None)
    return html, status


@staff_route("/leads/<int:lead_id>/", "leads.read")
def lead(lead_id):
    return render_lead(lead_id)
