"""The fixed choices a lead's answers are made of (the form offers them; mails and staff pages
show them), in the visitor's language through gettext."""

from flask_babel import lazy_gettext as _l

TIMINGS = {
    "3m": _l("Within 3 months"), "6m": _l("In 3 to 6 months"), "12m": _l("In 6 to 12 months"),
    "later": _l("In more than a year"), "open": _l("Not decided yet"),
}
SPACE_KINDS = {
    "land": _l("Industrial land (mu)"), "factory": _l("Standard factory building (㎡)"),
    "office": _l("Office space (㎡)"), "none": _l("No space needed"),
}
CHANNELS = {"email": _l("E-mail"), "phone": _l("Phone"), "wechat": _l("WeChat")}
OTHER_REGION = _l("Another country or region")
# Why a desk other than the addressee got a copy (portal/inquiry/routing.py Copy.reason).
COPY_REASONS = {"item": _l("owner of the item asked about"),
                "language": _l("speaks the investor's language")}
# The investor's rating of a desk (the status page asks it; the reports show the scores per desk).
FEEDBACK_QUESTIONS = {
    "responsiveness": _l("How promptly the desk answered and kept you informed"),
    "attitude": _l("The courtesy and attentiveness of the service"),
    "information": _l("How clear and complete the information on policies, sites and procedures was"),
    "problem_solving": _l("How well your questions were resolved, without being passed between offices"),
    "overall": _l("Your overall satisfaction with the service"),
}
