"""The published content against the national inspection indicators of government websites
(政府网站与政务新媒体检查指标), as of a day in China, plus the leads near the 3-month line.

Each check gives one indicator line, whether the site passes it, the items concerned and what
to do about a failure. A policy counts as expired exactly when the public site labels it so
(``Policy.expired`` on the date in China), so that the report and the site never disagree.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .figures import add_months

HOME_DAYS = 14  # 首页栏目: not updated in 2 weeks fails
COLUMN_MONTHS = 6  # 栏目: not updated in 6 months fails
COLUMNS = {"news": _l("News"), "policies": _l("Incentives (policies)")}
COLUMN_ADVICE = {
    "news": _l("Publish a news item (a folder under news/ with its index.zh.md)."),
    "policies": _l("Check each policy in force against its document, set its “updated:” to the day you "
                   "checked it and publish; or publish a new policy."),
}
# A policy's own words that it no longer applies (simplified and traditional).
ENDED = re.compile(r"已(?:经)?(?:到期)?(?:失效|废止|廢止|停止执行|停止執行)|已到期|不再执行|不再執行")
HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
SECTIONS = {"projects": _l("Projects"), "parks": _l("Parks"), "policies": _l("Incentives (policies)"),
            "news": _l("News"), "desks": _l("Contact desks"), "pages": _l("Pages")}


@dataclass
class Check:
    key: str
    indicator: object  # the indicator, one line
    ok: bool
    finding: str  # what we found, one line
    items: list = field(default_factory=list)  # [(section, slug, title)]
    advice: str = ""  # what to do when the check fails, one line


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
    return Check("home", _l("Home page updated within 2 weeks (首页两周未更新为不合格)"), ok, str(finding),
                 advice=str(_l("Check the figures of a project, park or incentive shown on the home page "
                               "(or publish a news item), then set its “updated:” to the day you checked "
                               "it and publish.")))


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
            ok, str(finding), advice=str(COLUMN_ADVICE[section])))
    return checks


def check_empty(content):
    empty = [name for section, name in SECTIONS.items() if not content.items(section, "zh")]
    finding = (_l("Every column has content.") if not empty else
               _l("Empty: %(names)s.", names=", ".join(str(n) for n in empty)))
    return Check("empty", _l("No empty columns (空白栏目为不合格)"), not empty, str(finding),
                 [("", "", str(n)) for n in empty],
                 str(_l("Publish at least one item in each column listed (a folder with its index.zh.md).")))


def says_ended(policy):
    """The words of ``policy`` saying it no longer applies (title, summary or a heading of its
    text), or None."""
    headings = " ".join(HEADING.findall(str(policy.body)))
    found = ENDED.search(f"{policy.title} {policy.summary} {headings}")
    return found.group(0) if found else None


def validity(policy):
    """How the policy's file sets its end: ``no effective_to`` or ``effective_to: 2025-12-31``."""
    if policy.effective_to is None:
        return str(_l("no effective_to"))
    return str(_l("effective_to: %(day)s", day=policy.effective_to.isoformat()))


def check_expired(content, today):
    """Fails for a policy the site shows as current (no “已失效” label) whose own text says it has
    ended; an expired policy the site labels 已失效 and keeps for reference passes."""
    policies = content.items("policies", "zh")
    labelled = [p for p in policies if p.expired(today)]  # the site's own test (policy pages, lists)
    current = [(p, says_ended(p)) for p in policies if not p.expired(today)]
    wrong = [(p, words) for p, words in current if words]
    items = [("policies", p.slug, str(_l(
        "%(title)s (%(number)s) says “%(words)s” but is shown as current: %(validity)s.",
        title=p.title, number=p.document_number, words=words, validity=validity(p))))
        for p, words in wrong]
    finding = (ngettext("%(num)d policy is shown as current although its text says it has ended.",
                        "%(num)d policies are shown as current although their text says they have ended.",
                        len(wrong)) if wrong else
               ngettext("No policy is shown as current after it ended; %(num)d expired policy is labelled "
                        "Expired on the site and kept for reference.",
                        "No policy is shown as current after it ended; %(num)d expired policies are "
                        "labelled Expired on the site and kept for reference.", len(labelled)))
    return Check("expired", _l("No expired policies listed as current (过期政策仍在发布)"), not wrong,
                 str(finding), items,
                 str(_l("For each policy listed: if it has ended, set “effective_to:” to its last day in "
                        "force (the site then labels it Expired and no longer lists it as applying); if "
                        "it still applies, correct the words that say it ended. Then publish.")))


def check_translations(content):
    missing = [(section, item.slug, title(content.get(section, item.slug, "zh")))
               for section in SECTIONS for item in content.items(section, "en") if not item.translated]
    return Check("translations", _l("Every item has its English version (English site complete)"),
                 not missing, str(_l("%(count)s items show the Chinese original on the English site.",
                                     count=len(missing))), missing,
                 str(_l("Add an index.en.md (the English version) to each folder listed and publish.")))


def check_leads(near, today):
    past = [w for w in near if w.line < today]
    return Check("leads", _l("No message unanswered for more than 3 months (留言超过3个月未回复为不合格)"),
                 not past, str(_l("%(past)s leads past the 3-month line, %(near)s within 14 days of it.",
                                  past=len(past), near=len(near) - len(past))),
                 [("leads", w.reference, w.line.isoformat()) for w in near],
                 str(_l("Contact each investor listed, oldest first, and move the lead from New to "
                        "Contacted on its lead page: that records the first response.")))


def freshness(content, near, today):
    """Every check, in the order of the inspection indicators."""
    return [check_home(content, today), *check_columns(content, today), check_empty(content),
            check_expired(content, today), check_translations(content), check_leads(near, today)]
