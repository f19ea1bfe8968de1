"""The published content against the national inspection indicators of government websites
(政府网站与政务新媒体检查指标), as of a day in China, plus the leads near the 3-month line.

Each check gives one indicator line, whether the site passes it, and the items concerned.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .figures import add_months

HOME_DAYS = 14  # 首页栏目: not updated in 2 weeks fails
COLUMN_MONTHS = 6  # 栏目: not updated in 6 months fails
COLUMNS = {"news": _l("News"), "policies": _l("Incentives (policies)")}
SECTIONS = {"projects": _l("Projects"), "parks": _l("Parks"), "policies": _l("Incentives (policies)"),
            "news": _l("News"), "desks": _l("Contact desks"), "pages": _l("Pages")}


@dataclass
class Check:
    key: str
    indicator: object  # the indicator, one line
    ok: bool
    finding: str  # what we found, one line
    items: list = field(default_factory=list)  # [(section, slug, title)]


def newest(item):
    """The latest date an item shows: its ``updated``, or a news item's publication date."""
    return max(d for d in (item.updated, getattr(item, "published", None)) if d is not None)


def title(item):
    return getattr(item, "title", None) or getattr(item, "name", None) or item.slug


def home_items(content, today):
    """What the home page shows (see ``public.home``), in Chinese."""
    projects = content.items("projects", "zh")
    featured = [p for p in projects if getattr(p, "featured", False)] or list(projects)
    policies = [p for p in content.items("policies", "zh") if p.in_force(today)]
    return [*featured[:4], *content.items("parks", "zh"), *content.items("news", "zh")[:3], *policies[:3]]


def check_home(content, today):
    shown = home_items(content, today)
    last = max((newest(i) for i in shown), default=None)
    ok = last is not None and (today - last).days <= HOME_DAYS
    finding = (_l("Nothing is shown on the home page.") if last is None else
               _l("Newest item on the home page: %(day)s (%(days)s days ago).", day=last.isoformat(),
                  days=(today - last).days))
    return Check("home", _l("Home page updated within 2 weeks (首页两周未更新为不合格)"), ok, str(finding))


def check_columns(content, today):
    checks = []
    for section, name in COLUMNS.items():
        items = content.items(section, "zh")
        last = max((newest(i) for i in items), default=None)
        ok = last is not None and add_months(last, COLUMN_MONTHS) >= today
        finding = (_l("The column is empty.") if last is None else
                   _l("Newest item: %(day)s.", day=last.isoformat()))
        checks.append(Check(f"column_{section}", _l(
            "Column “%(column)s” updated within 6 months (栏目超过6个月未更新为不合格)", column=name),
            ok, str(finding)))
    return checks


def check_empty(content):
    empty = [name for section, name in SECTIONS.items() if not content.items(section, "zh")]
    finding = (_l("Every column has content.") if not empty else
               _l("Empty: %(names)s.", names=", ".join(str(n) for n in empty)))
    return Check("empty", _l("No empty columns (空白栏目为不合格)"), not empty, str(finding),
                 [("", "", str(n)) for n in empty])


def check_expired(content, today):
    expired = [p for p in content.items("policies", "zh")
               if p.effective_to is not None and p.effective_to < today]
    items = [("policies", p.slug, f"{p.title} ({p.document_number}, {p.effective_to.isoformat()})")
             for p in expired]
    return Check("expired", _l("No expired policies listed as current (过期政策仍在发布)"), not expired,
                 str(_l("%(count)s expired policies are still listed.", count=len(expired))), items)


def check_translations(content):
    missing = [(section, item.slug, title(content.get(section, item.slug, "zh")))
               for section in SECTIONS for item in content.items(section, "en") if not item.translated]
    return Check("translations", _l("Every item has its English version (English site complete)"),
                 not missing, str(_l("%(count)s items show the Chinese original on the English site.",
                                     count=len(missing))), missing)


def check_leads(near, today):
    past = [w for w in near if w.line < today]
    return Check("leads", _l("No message unanswered for more than 3 months (留言超过3个月未回复为不合格)"),
                 not past, str(_l("%(past)s leads past the 3-month line, %(near)s within 14 days of it.",
                                  past=len(past), near=len(near) - len(past))),
                 [("leads", w.reference, w.line.isoformat()) for w in near])


def freshness(content, near, today):
    """Every check, in the order of the inspection indicators."""
    return [check_home(content, today), *check_columns(content, today), check_empty(content),
            check_expired(content, today), check_translations(content), check_leads(near, today)]
