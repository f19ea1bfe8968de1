"""The inbox's leads, as filtered, in CSV (UTF-8 with a BOM, so Excel on Windows reads the
Chinese) and XLSX (XlsxWriter): the inbox's columns plus the responsible leader and department,
stage dates, contract amount and funds in place. Desks, stages, industries and regions are named
as the pages name them, in the viewer's language; amounts are numbers in 万元 (two decimals).
Contact details are masked by the same rule as the pages. What an investor typed is never run as a
formula: the CSV's text goes through ``spreadsheet.as_text``, the XLSX stores it as string cells."""

import csv
import io
from datetime import date
from decimal import Decimal

import xlsxwriter
from flask import Response, current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..clock import CHINA_TIME
from ..db import aware, engine, transaction
from ..db.schema import leads as lead_table
from ..formatting import region, term
from ..leads import store
from ..leads.pipeline import LABELS, STAGES
from ..spreadsheet import as_text
from .access import staff_route
from .inbox import contacts, desk_names, inbox_page, record_contacts_viewed, scope_for, shows_contacts, today

DATED_STAGES = STAGES[1:]  # "new" is the time received


def headings():
    return ([_("Reference"), _("Received (UTC+8)"), _("Company"), _("Name"), _("E-mail"), _("Phone"),
             _("WeChat"), _("Desk"), _("Stage"), _("Owner"), _("Responsible leader"),
             _("Responsible department"), _("Reply by"), _("Overdue"), _("Partner"),
             _("Industry"), _("Country or region"), _("First response (UTC+8)")]
            + [_("%(stage)s on", stage=LABELS[s]) for s in DATED_STAGES]
            + [_("Contract amount (10,000 yuan)"), _("Date of signing"), _("Funds in place (10,000 yuan)")])


def china(moment):
    return aware(moment).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M") if moment else ""


def lead_rows(filters):
    """Rows (lists of cells) of ``filters``, audited."""
    scope = scope_for(current_user)
    days = current_app.config["REPLY_WORKING_DAYS"]
    now_day = today()
    desks = desk_names(g.lang)
    with engine().connect() as connection:  # a read: on SQLite it never waits for a writer
        query = store.listing(filters, scope, connection.dialect.name, now_day, days)
        leads = connection.execute(query.add_columns(lead_table.c.leader, lead_table.c.department)).all()
        ids = query.with_only_columns(lead_table.c.id).order_by(None)
        dates = store.stage_dates(connection, ids)
        totals = store.funds_totals(connection, ids)
    shown = {lead.id for lead in leads if shows_contacts(current_user, lead)}
    with transaction() as connection:
        record_contacts_viewed([lead.reference for lead in leads if lead.id in shown], "export",
                               connection)
        audit.record("lead.exported", None, detail={"filter": filters.described(), "rows": len(leads),
                                                    "format": request.path.rsplit(".", 1)[-1]},
                     connection=connection)
    stage_names = {stage: str(text) for stage, text in LABELS.items()}
    overdue_mark = _("yes")
    # Each industry and region named once per export, not once per lead (Babel's territory
    # names cost a locale lookup each).
    industries = {code: term("industries", code) for code in {lead.industry for lead in leads} if code}
    region_names = {code: region(code) for code in {lead.region for lead in leads}}
    rows = []
    for lead in leads:
        contact = contacts(lead, lead.id in shown)
        stages = dates.get(lead.id, {})
        rows.append([
            lead.reference, china(lead.created_at), lead.company or "", contact["name"] or "",
            contact["email"] or "", contact["phone"] or "", contact["wechat"] or "",
            desks.get(lead.desk, lead.desk), stage_names.get(lead.status, lead.status),
            lead.owner_name or "", lead.leader or "", lead.department or "", lead.reply_by or "",
            overdue_mark if store.is_overdue(lead, now_day, days) else "", lead.ref or "",
            industries.get(lead.industry, ""), region_names[lead.region],
            china(lead.first_response_at),
            *(china(stages.get(s)) for s in DATED_STAGES),
            amount(lead.contract_amount), lead.signed_on or "", amount(totals.get(lead.id)),
        ])
    return rows


def amount(value):
    """An amount in 万元 as a Decimal to 0.01 (the XLSX formats it so), or "" for none."""
    return "" if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return as_text(value) if isinstance(value, str) else value


def filename(extension):
    return f"leads-{today().isoformat()}.{extension}"


@staff_route("/leads/leads.csv", "leads.export")
def leads_csv():
    filters = store.read_filters(request.args)
    if filters.rejected:  # not the leads asked for: the inbox says which filter is out of range
        return inbox_page(filters)
    rows = lead_rows(filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings())
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename("csv")}"'})


@staff_route("/leads/leads.xlsx", "leads.export")
def leads_xlsx():
    filters = store.read_filters(request.args)
    if filters.rejected:  # not the leads asked for: the inbox says which filter is out of range
        return inbox_page(filters)
    rows = lead_rows(filters)
    out = io.BytesIO()
    # In memory rather than constant_memory: 10,000 leads are a few MB, and it is a quarter faster.
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(_("Leads"))
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    wan = book.add_format({"num_format": "#,##0.00"})  # 万元, to the 0.01 the columns hold
    sheet.write_row(0, 0, headings(), bold)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(number, column, value, day)
            elif value == "":
                continue
            elif isinstance(value, str):
                sheet.write_string(number, column, value)
            elif isinstance(value, Decimal):  # an amount in 万元
                sheet.write_number(number, column, float(value), wan)
            else:
                sheet.write_number(number, column, float(value))
    book.close()
    return Response(out.getvalue(), mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), headers={
        "Content-Disposition": f'attachment; filename="{filename("xlsx")}"'})
