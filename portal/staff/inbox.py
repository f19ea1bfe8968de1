"""The leads inbox: every lead the staff member may see, newest first, filtered and paged, with
the leads whose mail gave up on top. Who sees what (scope) and whose contact details are shown
unmasked are decided here for the lead page and the exports too."""

from flask import current_app, flash, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..clock import CHINA_TIME
from ..content import get_content
from ..db import engine, transaction, utcnow
from ..db.schema import audit_log
from ..leads import regions, store
from ..leads.answers import CONTACT_FIELDS
from ..leads.masking import mask
from ..leads.pipeline import LABELS, STAGES
from ..leads.privacy import ERASED
from . import bp
from .access import staff_route
from .roles import allows

UNDELIVERED_SHOWN = 20


def scope_for(user):
    return store.Scope(all_desks=allows(user.role, "leads.read-all"), desk=user.desk)


def shows_contacts(user, lead):
    """Contact details unmasked: every lead for ``contacts.all``, the own desk's (not merely
    copied) leads for ``contacts.own-desk``."""
    if allows(user.role, "contacts.all"):
        return True
    return allows(user.role, "contacts.own-desk") and bool(user.desk) and lead.desk == user.desk


def contacts(lead, shown):
    """``{field: value}`` of the lead's contact details, masked unless ``shown`` (an erased one
    is left as it is: there is nothing to mask)."""
    return {name: getattr(lead, name) if shown or getattr(lead, name) == ERASED
            else mask(name, getattr(lead, name)) for name in CONTACT_FIELDS}


def personal(value):
    """A contact detail, answer or note as staff read it: an erased one says so in their language."""
    return _("(erased)") if value == ERASED else value


@bp.context_processor
def erasure():
    return {"personal": personal}


def record_contacts_viewed(references, how, connection=None):
    """One audit row per lead whose contact details were shown unmasked (in ``connection``'s
    transaction if given, else in one of its own)."""
    if not references:
        return
    base = audit.row("lead.contacts-viewed", None, "ok", {"in": how})
    rows = [{**base, "object": ref} for ref in references]
    if connection is not None:
        connection.execute(audit_log.insert(), rows)
        return
    with transaction() as own:
        own.execute(audit_log.insert(), rows)


def today():
    return utcnow().astimezone(CHINA_TIME).date()


def desk_names(lang):
    return {d.slug: d.name for d in get_content().items("desks", lang)}


def choices(connection, lang):
    """What the filter form offers: desks, owners, industries, regions."""
    content = get_content()
    industries = [(key, getattr(term, lang)) for key, term in content.taxonomy.industries.items()]
    region_codes = [(code, name) for _, group in regions.groups(lang) for code, name in group]
    return {"desks": sorted(desk_names(lang).items(), key=lambda d: d[1]),
            "owners": [(str(u.id), u.name) for u in store.active_users(connection)
                       if u.role in ("desk", "leader")],
            "industries": industries, "regions": region_codes}


def say_rejected(filters):
    """Tell the staff member which filters were out of range and left out; True if any were."""
    labels = {"owner": _("Owner"), "from": _("Received from"), "to": _("Received to")}
    for name in filters.rejected:
        if name == "owner":
            flash(_("“%(filter)s” was not applied: choose one from the list.", filter=labels[name]), "error")
        else:
            flash(_("“%(filter)s” was not applied: choose a day from %(first)s to %(last)s.",
                    filter=labels[name], first=store.FIRST_DAY.isoformat(), last=store.LAST_DAY.isoformat()),
                  "error")
    return bool(filters.rejected)


@staff_route("/leads/", "leads.read")
def inbox():
    return inbox_page(store.read_filters(request.args))


def inbox_page(filters):
    """The inbox of ``filters``; a 400 (the page, saying which) if some were out of range."""
    status = 400 if say_rejected(filters) else 200
    scope = scope_for(current_user)
    days = current_app.config["REPLY_WORKING_DAYS"]
    now_day = today()
    with engine().connect() as connection:  # a read: on SQLite it never waits for a writer
        rows, more = store.list_leads(connection, filters, scope, now_day, days)
        counts = store.stage_counts(connection, filters, scope, now_day, days)
        undelivered = store.undelivered(connection, scope, limit=UNDELIVERED_SHOWN + 1)
        offered = choices(connection, g.lang)
    shown = {row.id: shows_contacts(current_user, row) for row in rows}
    record_contacts_viewed([r.reference for r in rows if shown[r.id] and r.name], "inbox")
    names = {row.id: contacts(row, shown[row.id])["name"] for row in rows}
    overdue = {row.id for row in rows if store.is_overdue(row, now_day, days)}
    return render_template("staff/inbox.html", rows=rows, more=more, counts=counts,
                           total=sum(counts.values()), filters=filters,
                           undelivered=undelivered[:UNDELIVERED_SHOWN],
                           more_undelivered=len(undelivered) > UNDELIVERED_SHOWN,
                           names=names, overdue=overdue, stages=STAGES,
                           stage_labels={stage: str(text) for stage, text in LABELS.items()},
                           desks=dict(offered["desks"]), offered=offered,
                           unassigned=store.UNASSIGNED,
                           may_export=allows(current_user.role, "leads.export")), status
