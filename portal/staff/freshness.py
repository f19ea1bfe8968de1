"""Site freshness: the published content against the national inspection indicators of
government websites, and the leads near the 3-month line (references only)."""

from flask import render_template

from ..content import get_content
from ..db import engine
from ..reports import data as report_data
from ..reports.figures import near_line
from ..reports.freshness import freshness as checks
from ..reports.periods import today_in_china
from .access import staff_route


@staff_route("/reports/freshness/", "reports.read")
def freshness():
    today = today_in_china()
    with engine().connect() as connection:
        data = report_data.load(connection)
    found = checks(get_content(), near_line(data, today), today)
    return render_template("staff/freshness.html", checks=found, today=today)
