"""Auditors: the audit log, newest first, filtered by event and user; a CSV of the same rows (whose
text, a failed login's user name included, is never run as a formula: ``spreadsheet.as_text``)."""

import csv
import io

from flask import Response, flash, render_template, request
from flask_babel import gettext as _

from .. import audit
from ..clock import CHINA_TIME
from ..db import aware, transaction
from ..leads.store import MAX_ID
from ..spreadsheet import as_text
from .access import staff_route

PAGE = 100
COLUMNS = ("at", "user_name", "address", "event", "object", "result")


def china_time(moment):
    return aware(moment).astimezone(CHINA_TIME).isoformat(timespec="seconds")


def filters():
    """``{event, user, before}`` from the query string (``before`` out of range: None)."""
    before = request.args.get("before", "")
    return {"event": request.args.get("event", "").strip()[:64] or None,
            "user": request.args.get("user", "").strip()[:64] or None,
            "before": int(before) if before.isdigit() and int(before) <= MAX_ID else None}


@staff_route("/audit/", "audit.read")
def audit_log():
    chosen = filters()
    status = 200
    if request.args.get("before", "").isdigit() and chosen["before"] is None:  # a page that cannot be
        flash(_("That page of the audit log does not exist: the newest entries are shown."), "error")
        status = 400
    with transaction() as connection:
        rows = audit.recent(connection, limit=PAGE, **chosen)
    audit.record("audit.viewed", None, detail={k: v for k, v in chosen.items() if v})
    older = rows[-1].id if len(rows) == PAGE else None
    return render_template("staff/audit.html", rows=rows, chosen=chosen, older=older,
                           china_time=china_time), status


@staff_route("/audit/audit.csv", "audit.read")
def audit_csv():
    chosen = filters()
    with transaction() as connection:
        rows = audit.recent(connection, limit=100_000, event=chosen["event"], user=chosen["user"])
    audit.record("audit.exported", None, detail={"rows": len(rows)})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS + ("detail",))
    for row in rows:
        writer.writerow([as_text(str(value)) if value is not None else "" for value in (
            china_time(row.at), row.user_name, row.address, row.event, row.object, row.result, row.detail)])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="audit-log.csv"'})
