"""The review rules (三审): who may do what to an item, given its revisions so far.

Pure rules, no database and no request: ``decide(action, user, history, steps)`` reads the item's
revisions (oldest first, each with ``kind``, ``state``, ``step``, ``user_id`` and ``unpublish_at``)
and answers with a ``Decision``: allowed or not, why not in Chinese and English, and what the
revision to record would be. The views refuse (403, or 422 for a missing comment or content with
errors) what it refuses, so the rules live in one place and a table test can walk them all.

An item has two threads in one list of revisions. The *working chain* is the text on its way:
save → submit → approve (1 to 3 steps) → publish, with reject, withdraw and restore sending it
back to a draft; its newest revision gives the item's state. *Being on the site* is the other:
publish, emergency and republish put the item up, unpublish takes it down; those rows (and a
scheduled unpublish) do not change the working chain, so a draft in progress survives them.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..staff.roles import allows_user, may_edit

DRAFT, SUBMITTED, APPROVED, REJECTED = "draft", "submitted", "approved", "rejected"
PUBLISHED, UNPUBLISHED = "published", "unpublished"
STATES = (DRAFT, SUBMITTED, APPROVED, REJECTED, PUBLISHED, UNPUBLISHED)
IN_PROGRESS = (DRAFT, SUBMITTED, APPROVED, REJECTED)  # a text on its way, not yet on the site
# The kinds of revision, as stored; "withdraw" is the author taking a submission back.
KINDS = ("save", "restore", "withdraw", "submit", "approve", "reject", "publish", "emergency",
         "schedule", "unpublish", "republish")
TEXT_KINDS = ("save", "restore")  # the revisions that bring a new text (its author is theirs)
ON_SITE_KINDS = ("publish", "emergency", "republish", "unpublish")

# Review steps per section; content/site.yaml may set others (1 to 3) through ``steps_for``.
DEFAULT_STEPS = {"news": 1, "policies": 3, "projects": 2, "parks": 2, "desks": 1, "pages": 1}
MAX_STEPS = 3
STEP_NAMES = {  # (zh, en) of each step, for 1, 2 or 3 steps
    1: (("审核", "Review"),),
    2: (("初审", "First review"), ("终审", "Final review")),
    3: (("初审", "First review"), ("复审", "Second review"), ("终审", "Final review")),
}
STEP_LABELS = {"Review": _l("Review"), "First review": _l("First review"),  # the same, for pages
               "Second review": _l("Second review"), "Final review": _l("Final review")}

STATE_NAMES = {DRAFT: ("草稿", "a draft"), SUBMITTED: ("已送审", "submitted"),
               APPROVED: ("审核中", "in review"), REJECTED: ("已退回", "sent back"),
               PUBLISHED: ("已发布", "published"), UNPUBLISHED: ("已下线", "unpublished"),
               None: ("尚未保存", "not saved yet")}
ACTION_NAMES = {"save": ("保存", "saved"), "restore": ("恢复", "restored"), "withdraw": ("撤回", "withdrawn"),
                "submit": ("送审", "submitted"), "approve": ("审核通过", "approved"),
                "reject": ("退回", "sent back"), "publish": ("发布", "published"),
                "emergency_publish": ("紧急发布", "published in an emergency"),
                "schedule_publish": ("定时发布", "scheduled for publishing"),
                "schedule_unpublish": ("定时下线", "scheduled for unpublishing"),
                "unpublish": ("下线", "unpublished"), "republish": ("重新上线", "put back on the site")}
ACTIONS = tuple(ACTION_NAMES)

NEEDS_ROLE = {
    "content.write": ("只有作者可以修改内容", "Only an author may change content"),
    "content.review": ("只有审核人可以审核", "Only a reviewer may review"),
    "content.publish": ("只有发布人可以发布或下线", "Only a publisher may publish or unpublish"),
    "content.emergency": ("只有管理员可以紧急发布", "Only an administrator may publish in an emergency"),
}
OTHER_DESK = ("您只能修改本窗口的内容", "You may change only your own desk's items")
HAS_ERRORS = ("内容有错误，请先改正", "The content has errors: correct them first")
OWN_TEXT = ("不能审核自己撰写的内容", "Nobody may approve a text they wrote")
TWO_STEPS = ("同一版本的两个审核步骤不能由同一人完成",
             "One person may not approve two steps of the same revision")
NEEDS_COMMENT = ("退回时必须填写意见", "Sending back needs a comment for the author")
NEEDS_REASON = ("紧急发布必须写明理由", "An emergency publish needs a written reason")
ALL_STEPS_DONE = ("所有审核步骤已完成，等待发布", "Every review step is done: it waits for a publisher")
NOT_ON_SITE = ("该内容不在网站上", "The item is not on the site")
NOT_TAKEN_DOWN = ("该内容没有被下线", "The item was not unpublished")


@dataclass(frozen=True)
class Decision:
    """The answer to one action. ``kind``, ``next_state`` and ``next_step`` describe the revision
    to record when ``allowed``; ``reason_zh``/``reason_en`` say why not when it is not."""

    allowed: bool
    reason_zh: str = ""
    reason_en: str = ""
    next_state: str | None = None
    next_step: int = 0
    kind: str | None = None


def refused(reason):
    return Decision(False, *reason)


def steps_for(section, overrides=None):
    """The review steps of ``section``: ``overrides`` (content/site.yaml's, {section: 1..3}) or
    the default. A value out of range is a ``ValueError`` naming the section."""
    steps = {**DEFAULT_STEPS, **(overrides or {})}.get(section, 1)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"review steps of {section}: {steps!r} is not 1, 2 or 3")
    return steps


def step_name(step, steps):
    """``(zh, en)`` of approval ``step`` (1-based) of an item with ``steps`` steps."""
    return STEP_NAMES[steps][step - 1]


def step_names(steps):
    """The names of the ``steps`` approval steps, in order, translated where a page shows them."""
    return tuple(STEP_LABELS[en] for _zh, en in STEP_NAMES[steps])


def in_chain(revision):
    """True if ``revision`` belongs to the working chain (not a move on or off the site)."""
    if revision.kind in ("unpublish", "republish"):
        return False
    return not (revision.kind == "schedule" and revision.unpublish_at is not None)


def chain(history):
    return [r for r in history if in_chain(r)]


def state_of(history):
    """The working state: that of the chain's newest revision (None: nothing saved yet)."""
    working = chain(history)
    return working[-1].state if working else None


def site_moves(history):
    """The publishes, emergencies, republishes and unpublishes that happened (a publish the
    publisher did not take, recorded with another state, moved nothing)."""
    return [r for r in history if r.kind in ON_SITE_KINDS and r.state in (PUBLISHED, UNPUBLISHED)]


def on_site(history, default=False):
    """True if the item is on the site, by its newest move on or off it; ``default`` when it has
    none (files put there by hand, or before the editor: the caller knows)."""
    moves = site_moves(history)
    return moves[-1].state == PUBLISHED if moves else default


def text_revision(history):
    """The revision whose text is in the chain now: the newest save or restore (None if none)."""
    return next((r for r in reversed(chain(history)) if r.kind in TEXT_KINDS), None)


def round_approvals(history):
    """The approvals since the text was last submitted (a reject or withdraw ends a round; a
    schedule, or a publish the publisher did not take, leaves it approved and goes on)."""
    found = []
    for revision in reversed(chain(history)):
        if revision.kind == "approve":
            found.append(revision)
        elif revision.state != APPROVED:
            break
    return found


def approvals(history):
    """How many approval steps the text in review has (0 unless it is approved)."""
    working = chain(history)
    return working[-1].step if working and working[-1].state == APPROVED else 0


def wrong_state(action, state):
    zh_state, en_state = STATE_NAMES.get(state, (state, state))
    zh_action, en_action = ACTION_NAMES[action]
    return refused((f"当前状态为“{zh_state}”，不能{zh_action}",
                    f"The item is {en_state}: it cannot be {en_action}"))


def decide(action, user, history, steps, *, has_errors=False, comment=None, item_desk=None,
           on_site_now=None):
    """May ``user`` do ``action`` to the item with revisions ``history`` (oldest first) and
    ``steps`` review steps? ``has_errors``: the checks of ``portal check`` found errors in the
    text; ``comment``: the reviewer's opinion or the emergency's reason; ``item_desk``: the desk
    the item belongs to (for desk-limited authors); ``on_site_now``: whether the item's files are
    on the site when no revision says (files made by hand)."""
    if action not in ACTIONS:
        return refused(("未知操作", f"Unknown action {action!r}"))
    rule = RULES[action]
    return rule(user, history, steps, has_errors=has_errors, comment=(comment or "").strip(),
                item_desk=item_desk, live=on_site(history, bool(on_site_now)))


def available(user, history, steps, **facts):
    """What ``user`` may do to the item now, for the page's buttons: ``{action: bool}``, and
    ``step_name``, the approval step that comes next (None when none does). A comment the action
    will need is asked for by the form, so it is not held against the button here."""
    found = {action: decide(action, user, history, steps, comment="-", **facts).allowed
             for action in ACTIONS}
    done = approvals(history)
    waiting = state_of(history) in (SUBMITTED, APPROVED) and done < steps
    found["step_name"] = step_names(steps)[done] if waiting else None
    return found


def needs(user, permission):
    return None if allows_user(user, permission) else refused(NEEDS_ROLE[permission])


def editing(action, state):
    def rule(user, history, steps, *, item_desk, **_):
        if missing := needs(user, "content.write"):
            return missing
        if not may_edit(user, item_desk):
            return refused(OTHER_DESK)
        current = state_of(history)
        if state is not None and current not in state:
            return wrong_state(action, current)
        return Decision(True, next_state=DRAFT, kind=action)
    return rule


def submit(user, history, steps, *, has_errors, item_desk, **_):
    if missing := needs(user, "content.write"):
        return missing
    if not may_edit(user, item_desk):
        return refused(OTHER_DESK)
    if state_of(history) not in (DRAFT, REJECTED):
        return wrong_state("submit", state_of(history))
    if has_errors:
        return refused(HAS_ERRORS)
    return Decision(True, next_state=SUBMITTED, kind="submit")


def approve(user, history, steps, *, has_errors, **_):
    if missing := needs(user, "content.review"):
        return missing
    state, done = state_of(history), approvals(history)
    if state not in (SUBMITTED, APPROVED):
        return wrong_state("approve", state)
    if done >= steps:
        return refused(ALL_STEPS_DONE)
    text = text_revision(history)
    if text is not None and text.user_id == user.id:
        return refused(OWN_TEXT)
    if any(r.user_id == user.id for r in round_approvals(history)):
        return refused(TWO_STEPS)
    if has_errors:
        return refused(HAS_ERRORS)
    return Decision(True, next_state=APPROVED, next_step=done + 1, kind="approve")


def reject(user, history, steps, *, comment, **_):
    state, done = state_of(history), approvals(history)
    waiting_for_publisher = state == APPROVED and done >= steps
    if not (allows_user(user, "content.review") or (waiting_for_publisher and
                                                      allows_user(user, "content.publish"))):
        return refused(NEEDS_ROLE["content.review"])
    if state not in (SUBMITTED, APPROVED):
        return wrong_state("reject", state)
    if not comment:
        return refused(NEEDS_COMMENT)
    return Decision(True, next_state=REJECTED, kind="reject")


def fully_approved(action, kind):
    def rule(user, history, steps, *, has_errors, **_):
        if missing := needs(user, "content.publish"):
            return missing
        state, done = state_of(history), approvals(history)
        if state != APPROVED:
            return wrong_state(action, state)
        if done < steps:
            return refused((f"还需完成全部审核步骤（已完成{done}/{steps}）",
                            f"Every review step must be done first ({done} of {steps} done)"))
        if has_errors:
            return refused(HAS_ERRORS)
        return Decision(True, next_state=PUBLISHED if kind == "publish" else APPROVED, next_step=done,
                        kind=kind)
    return rule


def emergency_publish(user, history, steps, *, has_errors, comment, **_):
    if missing := needs(user, "content.emergency"):
        return missing
    if not comment:
        return refused(NEEDS_REASON)
    if has_errors:  # the publisher would keep the last good version anyway: say so now
        return refused(HAS_ERRORS)
    return Decision(True, next_state=PUBLISHED, next_step=approvals(history), kind="emergency")


def unpublish(user, history, steps, *, live, **_):
    if missing := needs(user, "content.publish"):
        return missing
    if not live:
        return refused(NOT_ON_SITE)
    return Decision(True, next_state=UNPUBLISHED, kind="unpublish")


def schedule_unpublish(user, history, steps, *, live, **_):
    if missing := needs(user, "content.publish"):
        return missing
    if not live:
        return refused(NOT_ON_SITE)
    return Decision(True, next_state=PUBLISHED, kind="schedule")


def republish(user, history, steps, *, live, **_):
    if missing := needs(user, "content.publish"):
        return missing
    moves = site_moves(history)
    if live or not moves or moves[-1].state != UNPUBLISHED:
        return refused(NOT_TAKEN_DOWN)
    return Decision(True, next_state=PUBLISHED, kind="republish")


RULES = {
    "save": editing("save", None),  # at any time: "save draft" never loses typing
    "restore": editing("restore", None),  # an old revision opened as a new draft
    "withdraw": editing("withdraw", (SUBMITTED, APPROVED)),
    "submit": submit,
    "approve": approve,
    "reject": reject,
    "publish": fully_approved("publish", "publish"),
    "schedule_publish": fully_approved("schedule_publish", "schedule"),
    "emergency_publish": emergency_publish,
    "unpublish": unpublish,
    "schedule_unpublish": schedule_unpublish,
    "republish": republish,
}
