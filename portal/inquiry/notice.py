"""What the form page, its JSON endpoint and the thank-you page say of a Route, in the
page's language: one wording everywhere, so the name shown is the name the mail goes to."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

REASONS = {
    "item": _l("the desk in charge of what you asked about"),
    "language": _l("a desk that answers in your language"),
}


def desk_name(content, slug, lang):
    desk = content.get("desks", slug, lang)
    return desk.name if desk else slug


def copies_of(route, content, lang):
    """``[{"desk", "name", "reason", "why"}]`` for the copies of ``route``."""
    return [{"desk": c.desk, "name": desk_name(content, c.desk, lang), "reason": c.reason,
             "why": str(REASONS.get(c.reason, c.reason))} for c in route.copies]


def copy_names(copies):
    return _("; ").join(_("%(desk)s (%(why)s)", desk=c["name"], why=c["why"]) for c in copies)


def describe(route, content, lang):
    """The JSON the form's script reads, and the page's own notice: the same data."""
    name = desk_name(content, route.desk, lang)
    copies = copies_of(route, content, lang)
    return {
        "desk": route.desk, "name": name, "rule": route.rule, "copies": copies,
        "fingerprint": route.fingerprint,
        "text": _("Your inquiry goes to: %(desk)s. Copy to: %(copies)s.", desk=name,
                  copies=copy_names(copies)) if copies else _("Your inquiry goes to: %(desk)s", desk=name),
        "confirm": _("Your inquiry will go to %(desk)s. Copy to: %(copies)s. Send it?", desk=name,
                     copies=copy_names(copies)) if copies
        else _("Your inquiry will go to %(desk)s. Send it?", desk=name),
    }
