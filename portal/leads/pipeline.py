"""The stages a lead moves through, from the first inquiry to a project in production
(意向 → 签约 → 开工 → 投产), or closed with a reason.

Staff may move a lead to any stage (a lead may skip a visit, or fall back from negotiating to
contacted); every move is an event with its time, so the time to first response and the time
spent in each stage can be measured.
"""

from flask_babel import lazy_gettext as _l

NEW, CONTACTED, VISIT, NEGOTIATING, SIGNED, STARTED, PRODUCTION, CLOSED = (
    "new", "contacted", "visit", "negotiating", "signed", "started", "production", "closed")
OPEN_STAGES = (NEW, CONTACTED, VISIT, NEGOTIATING)
WON_STAGES = (SIGNED, STARTED, PRODUCTION)  # a contract was signed
STAGES = OPEN_STAGES + WON_STAGES + (CLOSED,)
LABELS = {
    NEW: _l("New"), CONTACTED: _l("Contacted"), VISIT: _l("Visit arranged"),
    NEGOTIATING: _l("Negotiating"), SIGNED: _l("Signed"), STARTED: _l("Construction started"),
    PRODUCTION: _l("In production"), CLOSED: _l("Closed"),
}
CLOSE_REASONS = {
    "no_reply": _l("The investor stopped answering"),
    "elsewhere": _l("Invested elsewhere"),
    "not_eligible": _l("Does not meet the entry criteria"),
    "withdrawn": _l("The investor withdrew"),
    "duplicate": _l("Duplicate of another lead"),
    "spam": _l("Not a real inquiry"),
    "other": _l("Other reason"),
}


def answered(stage):
    """True once the desk has responded to the investor (any stage after new)."""
    return stage != NEW


def rank(stage):
    """The position of ``stage`` in the pipeline, for 'reached at least' questions."""
    return STAGES.index(stage) if stage in STAGES else -1


def reached_rank(status, stages):
    """The furthest stage a lead has reached: its current stage, or, for a closed lead, the
    furthest it got before closing (from its stage events)."""
    ranks = [rank(s) for s in (status, *stages) if s and s != CLOSED]
    return max(ranks, default=0)
