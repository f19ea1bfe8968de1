"""The actions on a lead page: take, hand over, responsible leader and department, stage,
contract, funds in place, note, send a message again. Each is a POST that changes the lead in
one transaction with its event and audit row, then redirects (303) to the lead page with a
message; a bad value re-renders the page with the error (422)."""

from decimal import Decimal, InvalidOperation

from flask import abort, flash, g, make_response, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from pydantic_core import PydanticCustomError
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from .. import audit
from ..content.types import parse_amount, parse_date, plain, read_number
from ..db import engine, transaction
from ..leads import changes, store
from ..leads.pipeline import CLOSE_REASONS, CLOSED, LABELS, SIGNED, STAGES
from .access import staff_route
from .lead import find_lead, may_hand_over, may_work, only_copied, owner_choices, render_lead

WAN = Decimal(10_000)


def text(field):
    return (field.data or "").strip()


def parse_wan(text):
    """An amount as staff type it, in 万元: ``1.2亿`` → 12000, ``8000万`` → 8000, ``8,000`` or
    ``８０００`` (no unit: 万元) → 8000. Raises ValueError with the message in both languages."""
    try:
        value = plain(text or "")
        if value and value[-1].isdigit():
            _, digits = read_number(value, text, "8,000", "1.5", signed=False)
            return Decimal(digits)
        return parse_amount(text).yuan / WAN
    except PydanticCustomError as error:
        raise ValueError(error.context) from error


def wan_field(form, field):
    try:
        field.amount = parse_wan(field.data)
    except (ValueError, InvalidOperation) as error:
        context = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
        raise ValidationError(context.get(g.lang) or _("Write an amount, e.g. 8000万 or 1.2亿.")) from error
    if field.amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))


def date_field(form, field):
    try:
        field.day = parse_date(field.data or "")
    except PydanticCustomError as error:
        raise ValidationError(error.context.get(g.lang)) from error


AMOUNT = _l("Contract amount (万元, e.g. 8000万 or 1.2亿)")
SIGNED_ON = _l("Signed on (e.g. 2026-12-01)")


class StageForm(FlaskForm):
    stage = SelectField(_l("New stage"), id="stage-stage",
                        choices=[SelectChoice(s, LABELS[s]) for s in STAGES])
    reason = SelectField(_l("Reason for closing"), id="stage-reason", validate_choice=False, choices=[
        SelectChoice("", "—"), *(SelectChoice(key, text) for key, text in CLOSE_REASONS.items())])
    amount = StringField(AMOUNT, id="stage-amount", validators=[Length(max=40)])
    signed_on = StringField(SIGNED_ON, id="stage-signed-on", validators=[Length(max=20)])
    note = TextAreaField(_l("Note (optional)"), id="stage-note", validators=[Length(max=changes.NOTE_MAX)])

    def validate_reason(self, field):
        if self.stage.data == CLOSED and field.data not in CLOSE_REASONS:
            raise ValidationError(_("Choose why the lead is closed."))

    def validate_amount(self, field):
        if self.stage.data == SIGNED:
            if not (field.data or "").strip():
                raise ValidationError(_("A signed lead needs its contract amount."))
            wan_field(self, field)

    def validate_signed_on(self, field):
        if self.stage.data == SIGNED:
            if not (field.data or "").strip():
                raise ValidationError(_("A signed lead needs the date of signing."))
            date_field(self, field)


class ContractForm(FlaskForm):
    amount = StringField(AMOUNT, id="contract-amount", validators=[DataRequired(), Length(max=40), wan_field])
    signed_on = StringField(SIGNED_ON, id="contract-signed-on",
                            validators=[DataRequired(), Length(max=20), date_field])


class FundsForm(FlaskForm):
    arrived_on = StringField(_l("Arrived on (e.g. 2026-12-01)"), id="funds-arrived-on",
                             validators=[DataRequired(), Length(max=20), date_field])
    amount = StringField(_l("Amount (万元)"), id="funds-amount",
                         validators=[DataRequired(), Length(max=40), wan_field])
    note = StringField(_l("Note (optional)"), id="funds-note", validators=[Length(max=500)])


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Note"), id="note-text",
                         validators=[DataRequired(), Length(max=changes.NOTE_MAX)])


class HandOverForm(FlaskForm):
    owner = SelectField(_l("Hand over to"), id="handover-owner", validate_choice=True)
    reason = TextAreaField(_l("Why (kept with the hand-over)"), id="handover-reason",
                           validators=[DataRequired(), Length(max=1000)])


class ResponsibleForm(FlaskForm):
    leader = StringField(_l("Responsible leader"), id="responsible-leader", validators=[Length(max=100)])
    department = StringField(_l("Responsible department"), id="responsible-department",
                             validators=[Length(max=100)])


def blank_forms(lead, candidates):
    hand_over = HandOverForm(formdata=None)
    hand_over.owner.choices = candidates
    return {"stage": StageForm(formdata=None, stage=lead.status), "contract": ContractForm(formdata=None),
            "funds": FundsForm(formdata=None), "note": NoteForm(formdata=None), "hand_over": hand_over,
            "responsible": ResponsibleForm(formdata=None, leader=lead.leader,
                                           department=lead.department)}


def done(lead, message):
    """The top of the lead page, where the message shows (the form's own #anchor would otherwise
    carry over to the redirect and scroll past it)."""
    flash(message, "info")
    return redirect(url_for("staff.lead", lead_id=lead.id, _anchor="top"), 303)


def working(lead_id, check=may_work):
    """The lead for an action in the viewer's scope (404), that the viewer may do (403)."""
    with engine().connect() as connection:
        lead = find_lead(connection, lead_id)
    if only_copied(current_user, lead):  # the lead page again, saying why: nothing changed
        audit.record("lead.action-refused", lead.reference, "denied", {"why": "copied"})
        flash(_("Your desk is only copied on this lead: you can read it, and the desk it is routed to "
                "works it. Nothing was changed."), "error")
        abort(make_response(render_lead(lead_id, status=403)))
    if not check(current_user, lead):
        audit.record("lead.action-refused", lead.reference, "denied")
        abort(403)
    return lead


def refused(lead_id, name, form, status=422):
    """The lead page again with what was typed, scrolled to the form (its action's #anchor): the
    problem at the top of the page and at each field."""
    problems = [str(error) for field in form if field.name != "csrf_token" for error in field.errors]
    flash(_("Nothing was changed: %(problems)s", problems=" ".join(problems)), "error")
    return render_lead(lead_id, {name: form}, status)


@staff_route("/leads/<int:lead_id>/take", "leads.work", methods=("POST",))
def take(lead_id):
    lead = working(lead_id)
    with transaction() as connection:
        taken = changes.take(connection, lead, current_user.id)
        if taken:
            audit.record("lead.taken", lead.reference, connection=connection)
    if not taken:
        flash(_("Someone took this lead before you; ask them to hand it over if you should own it."), "error")
        return redirect(url_for("staff.lead", lead_id=lead.id), 303)
    return done(lead, _("You own this lead now: you stay responsible until you hand it over."))


@staff_route("/leads/<int:lead_id>/hand-over", "leads.read", methods=("POST",))
def hand_over(lead_id):
    lead = working(lead_id, lambda user, lead: True)
    form = HandOverForm()
    with engine().connect() as connection:
        form.owner.choices = owner_choices(lead, store.active_users(connection))
    if not may_hand_over(current_user, lead):  # the lead's state, not the role: the page says why
        form.owner.errors = [_("Only the lead's owner or a leader can hand it over.")]
        return refused(lead_id, "hand_over", form, 409)
    if not form.validate_on_submit():
        return refused(lead_id, "hand_over", form)
    with transaction() as connection:
        changes.hand_over(connection, lead, current_user.id, int(form.owner.data), text(form.reason))
        audit.record("lead.handed-over", lead.reference, connection=connection,
                     detail={"from": lead.owner_id, "to": int(form.owner.data)})
    name = {choice.value: choice.label for choice in form.owner.choices}[form.owner.data]
    return done(lead, _("The lead is handed over to %(name)s.", name=name))


@staff_route("/leads/<int:lead_id>/responsible", "leads.assign", methods=("POST",))
def responsible(lead_id):
    lead = working(lead_id, lambda user, lead: True)
    form = ResponsibleForm()
    if not form.validate_on_submit():
        return refused(lead_id, "responsible", form)
    with transaction() as connection:
        changes.set_responsible(connection, lead, current_user.id, text(form.leader),
                                text(form.department))
        audit.record("lead.responsible", lead.reference, connection=connection)
    return done(lead, _("The responsible leader and department are saved."))


@staff_route("/leads/<int:lead_id>/stage", "leads.work", methods=("POST",))
def stage(lead_id):
    lead = working(lead_id)
    form = StageForm()
    if not form.validate_on_submit():
        return refused(lead_id, "stage", form)
    if form.stage.data == lead.status:
        form.stage.errors = [_("The lead is at this stage already.")]
        return refused(lead_id, "stage", form)
    signing = form.stage.data == SIGNED
    with transaction() as connection:
        changes.move_stage(connection, lead, form.stage.data, current_user.id,
                           reason=form.reason.data or None, note=text(form.note) or None,
                           amount=form.amount.amount if signing else None,
                           signed_on=form.signed_on.day if signing else None)
        audit.record("lead.stage", lead.reference, detail={"from": lead.status, "to": form.stage.data},
                     connection=connection)
    return done(lead, _("The lead is now at the stage: %(stage)s.", stage=LABELS[form.stage.data]))


@staff_route("/leads/<int:lead_id>/contract", "leads.work", methods=("POST",))
def contract(lead_id):
    lead = working(lead_id)
    form = ContractForm()
    if not form.validate_on_submit():
        return refused(lead_id, "contract", form)
    try:
        with transaction() as connection:
            changes.set_contract(connection, lead, current_user.id, form.amount.amount, form.signed_on.day)
            audit.record("lead.contract", lead.reference, connection=connection)
    except changes.ChangeError:
        form.amount.errors = [_("Only a signed lead has a contract.")]
        return refused(lead_id, "contract", form)
    return done(lead, _("The contract is saved."))


@staff_route("/leads/<int:lead_id>/funds", "leads.work", methods=("POST",))
def add_funds(lead_id):
    lead = working(lead_id)
    form = FundsForm()
    if not form.validate_on_submit():
        return refused(lead_id, "funds", form)
    try:
        with transaction() as connection:
            changes.add_funds(connection, lead, current_user.id, form.arrived_on.day, form.amount.amount,
                              text(form.note))
            audit.record("lead.funds", lead.reference, detail={"amount": str(form.amount.amount)},
                         connection=connection)
    except changes.ChangeError:
        form.amount.errors = [_("Funds in place are entered for signed leads only.")]
        return refused(lead_id, "funds", form)
    return done(lead, _("The funds in place are saved."))


@staff_route("/leads/<int:lead_id>/note", "leads.read", methods=("POST",))
def note(lead_id):
    lead = working(lead_id, lambda user, lead: True)
    form = NoteForm()
    if not form.validate_on_submit():
        return refused(lead_id, "note", form)
    with transaction() as connection:
        changes.add_note(connection, lead.id, current_user.id, form.text.data)
        audit.record("lead.note", lead.reference, connection=connection)
    return done(lead, _("The note is saved."))


@staff_route("/leads/<int:lead_id>/messages/<int:message_id>/resend", "leads.read", methods=("POST",))
def resend(lead_id, message_id):
    lead = working(lead_id, lambda user, lead: True)
    try:
        with transaction() as connection:
            row = changes.resend(connection, lead.id, message_id, current_user.id)
            if row is not None:
                audit.record("lead.resend", lead.reference, detail={"message": message_id, "kind": row.kind},
                             connection=connection)
    except changes.ChangeError:
        flash(_("The personal data of this lead was erased (PIPL request): its mail cannot be sent "
                "again."), "error")
        return redirect(url_for("staff.lead", lead_id=lead.id), 303)
    if row is None:
        abort(404)
    return done(lead, _("The message is queued again; it goes out with the next round of mail."))
