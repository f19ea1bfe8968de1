"""The report as titled tables: the one shape that the page, the CSV and the XLSX render, so
that the three always show the same figures.

A column is ``(label, kind)``; kinds: ``text``, ``int``, ``wan`` (万元, Decimal), ``rate`` (a
fraction, None when there was nothing to count), ``hours``, ``score``, ``date``. A row is
``(key, cells)``: the key names the row for tests and links (a desk slug, a stage, a measure).
"""

from dataclasses import dataclass, replace

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..content import get_content
from ..content.partners import partner
from ..formatting import lang, region, term
from ..leads.pipeline import LABELS as STAGE_LABELS
from .figures import RATES

RATE_LABELS = {
    "performance": _l("Contract performance rate (协议履约率)"),
    "funds": _l("Funds-in-place rate (资金到位率)"),
    "start": _l("Construction start rate (项目开工率)"),
    "production": _l("Production start rate (竣工投产率)"),
}
RATE_DEFINITIONS = {
    "performance": _l("Projects signed in the period that have begun to perform their agreement by "
                      "its end (funds in place, or construction started), over the projects signed."),
    "funds": _l("Funds in place in the period over the contracted investment signed in the period."),
    "start": _l("Projects signed in the period that have reached construction started or beyond, "
                "over the projects signed."),
    "production": _l("Projects signed in the period that are in production, over the projects signed."),
}
MEASURES = {"projects": _l("Signed projects"), "contracted": _l("Contracted investment (10,000 yuan)"),
            "funds": _l("Funds in place (10,000 yuan)")}
NONE = _l("(none)")


@dataclass(frozen=True)
class Table:
    key: str  # also the XLSX sheet's name and the HTML table's id
    title: object  # lazy text
    columns: tuple  # ((label, kind), ...); kind None: each cell is (value, kind)
    rows: list  # [(key, [cell, ...])]
    note: object = None
    hidden: int = 0  # rows left off the page (the downloads have them all)


def desk_name(slug):
    if slug is None:
        return str(NONE)
    desk = get_content().get("desks", slug, lang())
    return desk.name if desk else slug


def industry_name(key):
    return term("industries", key) if key else str(NONE)


def region_name(code):
    if not code:
        return str(NONE)
    return region(code)


def partner_name(ref):
    """A partner desk's name in the page's language; any other ref as it was typed in the link."""
    if ref is None:
        return str(NONE)
    found = partner(ref, lang())
    return found.name if found else ref


def ordered(keys):
    return sorted(keys, key=lambda k: (k is None, str(k or "")))


def counts(key, title, heading, month, year, name):
    rows = [(k, [name(k), month.get(k, 0), year.get(k, 0)]) for k in ordered(set(month) | set(year))]
    return Table(key, title, ((heading, "text"), (_l("Month"), "int"), (_l("Year to date"), "int")), rows)


def summary(month, year):
    def row(key, text, kind, get):
        return (key, [str(text), (get(month), kind), (get(year), kind)])

    rows = [
        row("leads", _l("Leads received"), "int", lambda f: f.leads),
        row("due", _l("Leads whose reply was due"), "int", lambda f: f.response["due"]),
        row("on_time", _l("Answered by the reply-by date"), "int", lambda f: f.response["on_time"]),
        row("on_time_share", _l("Share answered by the reply-by date"), "rate",
            lambda f: f.response["rate"].value),
        row("median_hours", _l("Median hours to first response"), "hours",
            lambda f: f.response["median_hours"]),
        row("signed", _l("Contracts signed (签约)"), "int", lambda f: f.signed),
        row("contracted", _l("Contracted investment (合同金额), 10,000 yuan"), "wan", lambda f: f.contracted),
        row("funds", _l("Funds in place (到位资金), 10,000 yuan"), "wan", lambda f: f.funds),
    ] + [row(f"rate_{name}", RATE_LABELS[name], "rate", lambda f, n=name: f.rates[n].value)
         for name in RATES]
    return Table("summary", _l("Summary"), ((_l("Measure"), "text"), (_l("Month"), None),
                                            (_l("Year to date"), None)), rows)


def pipeline(month, year):
    rows = []
    previous = {}
    for (stage, m_count, m_share), (_, y_count, y_share) in zip(month.pipeline, year.pipeline, strict=True):
        step = (m_count / previous["m"]) if previous.get("m") else None
        rows.append((stage, [str(STAGE_LABELS[stage]), m_count, m_share.value, step, y_count, y_share.value,
                             month.entered.get(stage, 0), year.entered.get(stage, 0)]))
        previous = {"m": m_count}
    return Table("pipeline", _l("Pipeline: leads that reached at least each stage"), (
        (_l("Stage"), "text"), (_l("Month"), "int"), (_l("Share of the month's leads"), "rate"),
        (_l("Conversion from the stage before"), "rate"), (_l("Year to date"), "int"),
        (_l("Share of the year's leads"), "rate"), (_l("Moved into the stage in the month"), "int"),
        (_l("Moved into the stage in the year"), "int")), rows,
        _l("Reached: leads received in the period, stages as of when the report is made; a closed lead "
           "counts up to the furthest stage it reached. Moved into the stage: leads received at any "
           "time whose stage changed to it during the period."))


def targets(progress):
    rows = []
    for desk, measures in progress:
        scope = str(_l("County")) if desk is None else desk_name(desk)
        for name, (actual, goal, rate) in measures.items():
            kind = "int" if name == "projects" else "wan"
            rows.append((f"{desk or 'county'}:{name}", [scope, str(MEASURES[name]), (goal, kind),
                                                        (actual, kind), rate.value]))
    return Table("targets", _l("Annual targets and progress (year to date)"), (
        (_l("Scope"), "text"), (_l("Measure"), "text"), (_l("Target"), None), (_l("Year to date"), None),
        (_l("Progress"), "rate")), rows)


def credit(key, title, table, name):
    rows = [(k, [name(k), c.leads, c.signed, c.contracted, c.funds, c.reward_base])
            for k, c in ((k, table[k]) for k in ordered(table))]
    return Table(key, title, (
        (_l("Team or partner"), "text"), (_l("Leads"), "int"), (_l("Signed projects"), "int"),
        (_l("Contracted investment, 10,000 yuan"), "wan"), (_l("Funds in place, 10,000 yuan"), "wan"),
        (_l("Reward base (2‰ of funds in place), 10,000 yuan"), "wan")), rows,
        _l("The base of the 2‰ reward: funds in place × 0.002. Whether a reward is due (a team must "
           "reach 80% of its target) is decided by the bureau."))


def partner_credit(key, title, table):
    """The partners' credit: leads without a partner are no partner's, so they are not a row
    of the reward table but a line of their own below its note."""
    referred = {ref: c for ref, c in table.items() if ref is not None}
    found = credit(key, title, referred, partner_name)
    unreferred = table.get(None)
    if unreferred is None:
        return found
    line = _l("Not referred by a partner (no partner's credit, so not in this table): leads %(leads)s, "
              "signed %(signed)s.", leads=unreferred.leads, signed=unreferred.signed)
    return replace(found, note=Markup("%s<br>%s") % (found.note, line))


def feedback(key, title, scores, questions):
    asked = list(questions) or sorted({q for f in scores.values() for q in f["scores"]})
    rows = [(desk, [desk_name(desk), f["count"], f["mean"], *(f["scores"].get(q) for q in asked)])
            for desk, f in scores.items()]
    return Table(key, title, ((_l("Desk"), "text"), (_l("Forms"), "int"), (_l("Mean score (1–5)"), "score"),
                              *((questions.get(q, q), "score") for q in asked)), rows)


def waiting_list(key, title, rows, note):
    return Table(key, title, (
        (_l("Reference"), "text"), (_l("Desk"), "text"), (_l("Received"), "date"),
        (_l("Reply by"), "date"), (_l("3-month line"), "date"), (_l("Days waited"), "int")),
        [(w.reference, [w.reference, desk_name(w.desk), w.received, w.reply_by, w.line, w.days])
         for w in rows], note)


def report_tables(report, questions=None):
    """Every table of a monthly report (``reports.build_report``), in page order."""
    month, year = report.month, report.year_to_date
    questions = questions or {}
    return [
        summary(month, year),
        counts("by_desk", _l("Leads by desk"), _l("Desk"), month.by_desk, year.by_desk, desk_name),
        counts("by_industry", _l("Leads by industry"), _l("Industry"), month.by_industry, year.by_industry,
               industry_name),
        counts("by_region", _l("Leads by source region"), _l("Source region"), month.by_region,
               year.by_region, region_name),
        counts("by_partner", _l("Leads by partner"), _l("Partner (ref)"), month.by_partner, year.by_partner,
               partner_name),
        pipeline(month, year),
        targets(report.targets),
        credit("desk_credit_month", _l("Team credit, month"), month.desks, desk_name),
        credit("desk_credit_year", _l("Team credit, year to date"), year.desks, desk_name),
        partner_credit("partner_credit_month", _l("Partner credit, month"), month.partners),
        partner_credit("partner_credit_year", _l("Partner credit, year to date"), year.partners),
        feedback("feedback_month", _l("Investor feedback, month"), month.feedback, questions),
        feedback("feedback_year", _l("Investor feedback, year to date"), year.feedback, questions),
        waiting_list("overdue", _l("Overdue leads (unanswered past the reply-by date)"), report.overdue,
                     _l("As of today.")),
        waiting_list("near_line", _l("Leads near the 3-month line"), report.near_line,
                     _l("Unanswered leads within 14 days of 3 months, or past it: the national inspection "
                        "of government websites fails a site where a message stays unanswered for more "
                        "than 3 months. As of today.")),
    ]

