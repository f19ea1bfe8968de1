"""The review rules (三审) as a table: every role × every state × every action. What the table
allows succeeds with the right next state; everything else is refused with a reason in Chinese
and English. Then the rules a table cannot show: nobody approves their own text or two steps of
one revision, comments and reasons are required, content with errors goes no further than a
draft, desk-limited authors, and the content roles combined with the main role."""

from datetime import UTC, datetime

import pytest

from portal.editor import workflow
from portal.editor.revisions import Revision
from portal.staff.accounts import StaffUser
from portal.staff.roles import allows_user, may_edit

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
FILES = {"index.zh.md": "---\ntitle: 青岚县富硒茶精深加工项目\n---\n年产能５０００吨，总投资３.５亿\n"}
COMMENT = "请补充投资额的依据"


def user(user_id, role="viewer", *content_roles, desk=None):
    return StaffUser(user_id, f"user-{user_id}", role, desk, False, None, frozenset(content_roles))


WRITER, FIRST, SECOND, THIRD, PUBLISHER_SEEN = (user(1, "viewer", "author"), user(2, "viewer", "reviewer"),
                                                user(3, "viewer", "reviewer"), user(4, "viewer", "reviewer"),
                                                user(5, "viewer", "publisher"))
ACTORS = {  # who acts in the table: none of them wrote or reviewed the items' texts
    "author": user(11, "viewer", "author"),
    "reviewer": user(12, "viewer", "reviewer"),
    "publisher": user(13, "viewer", "publisher"),
    "admin": user(14, "admin"),
    "leader": user(15, "leader"),
    "desk": user(16, "desk", desk="agri-team"),
}


def step(history, kind, state, who, step=0, **more):
    revision = Revision(id=len(history) + 1, section="projects", slug="selenium-tea", number=len(history) + 1,
                        kind=kind, state=state, files=FILES, base=None, user_id=who.id, user_name=who.name,
                        at=AT, comment=more.pop("comment", None), step=step, publish_at=None,
                        unpublish_at=None, done_at=None)
    return [*history, Revision(**{**revision.__dict__, **more})]


def histories():
    """One item in each state, two review steps (projects), written by WRITER."""
    draft = step([], "save", "draft", WRITER)
    submitted = step(draft, "submit", "submitted", WRITER)
    approved_1 = step(submitted, "approve", "approved", FIRST, 1)
    approved_2 = step(approved_1, "approve", "approved", SECOND, 2)
    rejected = step(submitted, "reject", "rejected", FIRST, comment=COMMENT)
    published = step(approved_2, "publish", "published", PUBLISHER_SEEN, 2)
    unpublished = step(published, "unpublish", "unpublished", PUBLISHER_SEEN)
    return {"new": [], "draft": draft, "submitted": submitted, "approved 1 of 2": approved_1,
            "approved 2 of 2": approved_2, "rejected": rejected, "published": published,
            "unpublished": unpublished}


EVERY_STATE = tuple(histories())
IN_REVIEW = ("submitted", "approved 1 of 2", "approved 2 of 2")
ALLOWED = {  # (role, state, action): (kind, next state, next step)
    **{("author", s, "save"): ("save", "draft", 0) for s in EVERY_STATE},
    **{("author", s, "restore"): ("restore", "draft", 0) for s in EVERY_STATE},
    **{("author", s, "withdraw"): ("withdraw", "draft", 0) for s in IN_REVIEW},
    ("author", "draft", "submit"): ("submit", "submitted", 0),
    ("author", "rejected", "submit"): ("submit", "submitted", 0),
    ("reviewer", "submitted", "approve"): ("approve", "approved", 1),
    ("reviewer", "approved 1 of 2", "approve"): ("approve", "approved", 2),
    **{("reviewer", s, "reject"): ("reject", "rejected", 0) for s in IN_REVIEW},
    ("publisher", "approved 2 of 2", "reject"): ("reject", "rejected", 0),
    ("publisher", "approved 2 of 2", "publish"): ("publish", "published", 2),
    ("publisher", "approved 2 of 2", "schedule_publish"): ("schedule", "approved", 2),
    ("publisher", "published", "unpublish"): ("unpublish", "unpublished", 0),
    ("publisher", "published", "schedule_unpublish"): ("schedule", "published", 0),
    ("publisher", "unpublished", "republish"): ("republish", "published", 0),
    **{("admin", s, "emergency_publish"): ("emergency", "published", 0) for s in EVERY_STATE
       if not s.startswith("approved")},
    ("admin", "approved 1 of 2", "emergency_publish"): ("emergency", "published", 1),
    ("admin", "approved 2 of 2", "emergency_publish"): ("emergency", "published", 2),
}


@pytest.mark.parametrize("role", list(ACTORS))
@pytest.mark.parametrize("state", EVERY_STATE)
def test_roles_by_states_by_actions(role, state):
    history = histories()[state]
    for action in workflow.ACTIONS:
        decision = workflow.decide(action, ACTORS[role], history, 2, comment=COMMENT)
        expected = ALLOWED.get((role, state, action))
        where = f"{role} {action} when {state}"
        if expected is None:
            assert not decision.allowed, where
            assert decision.reason_zh and decision.reason_en, where
        else:
            assert decision.allowed, f"{where}: {decision.reason_en}"
            assert (decision.kind, decision.next_state, decision.next_step) == expected, where


def test_the_table_names_only_real_roles_states_and_actions():
    assert {r for r, _s, _a in ALLOWED} <= set(ACTORS)
    assert {a for _r, _s, a in ALLOWED} == set(workflow.ACTIONS)
    assert {k for k, _s, _n in ALLOWED.values()} <= set(workflow.KINDS)


def test_nobody_approves_their_own_text():
    writer_reviews = user(1, "viewer", "author", "reviewer")  # the writer holds both roles
    submitted = histories()["submitted"]
    decision = workflow.decide("approve", writer_reviews, submitted, 2)
    assert not decision.allowed
    assert (decision.reason_zh, decision.reason_en) == workflow.OWN_TEXT
    # Whoever saved last wrote the text: a reviewer who fixed a typo cannot then approve it.
    fixer = user(12, "viewer", "author", "reviewer")
    fixed = step(step(submitted, "save", "draft", fixer), "submit", "submitted", fixer)
    assert not workflow.decide("approve", fixer, fixed, 2).allowed
    assert workflow.decide("approve", writer_reviews, fixed, 2).allowed  # the first text is not the one
    restored = step(fixed, "restore", "draft", WRITER)
    assert workflow.text_revision(restored).user_id == WRITER.id


def test_one_person_approves_one_step_of_a_revision():
    approved_1 = histories()["approved 1 of 2"]
    decision = workflow.decide("approve", FIRST, approved_1, 2)
    assert not decision.allowed and (decision.reason_zh, decision.reason_en) == workflow.TWO_STEPS
    assert workflow.decide("approve", SECOND, approved_1, 2).allowed
    # Sent back and submitted again unchanged: a new round, in which FIRST may take a step again.
    sent_back = step(approved_1, "reject", "rejected", SECOND, comment=COMMENT)
    again = step(sent_back, "submit", "submitted", WRITER)
    assert workflow.decide("approve", FIRST, again, 2).allowed
    round_two = step(again, "approve", "approved", SECOND, 1)
    assert workflow.decide("approve", FIRST, round_two, 2).next_step == 2
    assert not workflow.decide("approve", SECOND, round_two, 2).allowed


@pytest.mark.parametrize("steps", [1, 2, 3])
def test_publishing_waits_for_every_step(steps):
    history = histories()["submitted"]
    publisher = ACTORS["publisher"]
    for number, reviewer in enumerate((FIRST, SECOND, THIRD)[:steps], start=1):
        refusal = workflow.decide("publish", publisher, history, steps)
        assert not refusal.allowed
        decision = workflow.decide("approve", reviewer, history, steps)
        assert decision.allowed and decision.next_step == number
        history = step(history, "approve", "approved", reviewer, number)
    assert workflow.decide("publish", publisher, history, steps).allowed
    assert not workflow.decide("approve", ACTORS["reviewer"], history, steps).allowed  # no step is left


def test_a_partly_approved_item_says_how_many_steps_are_done():
    approved_2 = histories()["approved 2 of 2"]
    decision = workflow.decide("publish", ACTORS["publisher"], approved_2, 3)  # policies: 初审/复审/终审
    assert not decision.allowed
    assert decision.reason_zh == "还需完成全部审核步骤（已完成2/3）"
    assert decision.reason_en == "Every review step must be done first (2 of 3 done)"


@pytest.mark.parametrize("comment", [None, "", "   ", "\u3000\u3000", " \n "])
def test_sending_back_needs_a_comment_and_an_emergency_a_reason(comment):
    submitted = histories()["submitted"]
    decision = workflow.decide("reject", ACTORS["reviewer"], submitted, 2, comment=comment)
    assert not decision.allowed and decision.reason_zh == "退回时必须填写意见"
    emergency = workflow.decide("emergency_publish", ACTORS["admin"], submitted, 2, comment=comment)
    assert not emergency.allowed and emergency.reason_zh == "紧急发布必须写明理由"
    reason = "　县政府通知：项目联系人电话有误，须立即更正 "
    assert workflow.decide("emergency_publish", ACTORS["admin"], submitted, 2, comment=reason).allowed


@pytest.mark.parametrize(("action", "state", "role"), [
    ("submit", "draft", "author"), ("approve", "submitted", "reviewer"),
    ("publish", "approved 2 of 2", "publisher"), ("schedule_publish", "approved 2 of 2", "publisher"),
    ("emergency_publish", "draft", "admin"),
])
def test_content_with_errors_goes_no_further_than_a_draft(action, state, role):
    history = histories()[state]
    decision = workflow.decide(action, ACTORS[role], history, 2, has_errors=True, comment=COMMENT)
    assert not decision.allowed and (decision.reason_zh, decision.reason_en) == workflow.HAS_ERRORS
    assert workflow.decide("save", ACTORS["author"], history, 2, has_errors=True).allowed


def test_a_desk_author_edits_only_their_desks_items():
    officer = user(21, "desk", "author", desk="agri-team")
    assert may_edit(officer, "agri-team")
    assert not may_edit(officer, "materials-team") and not may_edit(officer, None)
    decision = workflow.decide("save", officer, [], 1, item_desk="materials-team")
    assert not decision.allowed and decision.reason_zh == "您只能修改本窗口的内容"
    assert workflow.decide("save", officer, [], 1, item_desk="agri-team").allowed
    assert workflow.decide("save", ACTORS["author"], [], 1, item_desk="materials-team").allowed  # no desk
    assert not may_edit(user(22, "desk", desk="agri-team"), "agri-team")  # desk staff, not an author


def test_a_draft_in_progress_survives_unpublishing_and_back():
    history = step(histories()["published"], "save", "draft", ACTORS["author"])
    assert workflow.on_site(history)
    history = step(history, "unpublish", "unpublished", ACTORS["publisher"])
    assert workflow.state_of(history) == "draft" and not workflow.on_site(history)
    assert workflow.decide("submit", ACTORS["author"], history, 2).allowed
    assert workflow.decide("republish", ACTORS["publisher"], history, 2).allowed
    history = step(history, "republish", "published", ACTORS["publisher"])
    assert workflow.on_site(history) and workflow.state_of(history) == "draft"


def test_a_publish_the_publisher_did_not_take_moves_nothing():
    """The site's publisher kept the last good version: the revision is recorded, still approved."""
    published = histories()["published"]
    kept = step(step(step(step(step(published, "save", "draft", WRITER), "submit", "submitted", WRITER),
                          "approve", "approved", FIRST, 1), "approve", "approved", SECOND, 2),
                "publish", "approved", ACTORS["publisher"], 2)
    assert workflow.on_site(kept)  # the first version is still up
    assert workflow.decide("publish", ACTORS["publisher"], kept, 2).allowed  # try again
    refusal = workflow.decide("approve", THIRD, kept, 2)
    assert (refusal.reason_zh, refusal.reason_en) == workflow.ALL_STEPS_DONE
    assert [r.user_id for r in workflow.round_approvals(kept)] == [SECOND.id, FIRST.id]
    unpublished = histories()["unpublished"]
    failed = step(unpublished, "republish", "unpublished", ACTORS["publisher"])
    assert not workflow.on_site(failed)


def test_the_buttons_a_page_shows():
    approved_1 = histories()["approved 1 of 2"]
    reviewer = workflow.available(ACTORS["reviewer"], approved_1, 2)
    assert reviewer["approve"] and reviewer["reject"] and not reviewer["publish"] and not reviewer["save"]
    assert str(reviewer["step_name"]) == "Final review"
    assert workflow.available(ACTORS["reviewer"], histories()["submitted"], 3)["step_name"] == "First review"
    author = workflow.available(ACTORS["author"], approved_1, 2)
    assert author["save"] and author["withdraw"] and not author["submit"] and not author["approve"]
    publisher = workflow.available(ACTORS["publisher"], histories()["approved 2 of 2"], 2)
    assert publisher["publish"] and publisher["reject"] and publisher["step_name"] is None
    assert workflow.available(ACTORS["admin"], [], 1)["emergency_publish"]  # the reason is asked by the form
    assert [str(n) for n in workflow.step_names(3)] == ["First review", "Second review", "Final review"]


def test_files_on_the_site_without_revisions():
    """Content put in the folder by hand, or before the editor: the caller says it is on the site."""
    publisher = ACTORS["publisher"]
    assert not workflow.decide("unpublish", publisher, [], 1).allowed
    assert workflow.decide("unpublish", publisher, [], 1, on_site_now=True).allowed
    assert not workflow.decide("republish", publisher, [], 1, on_site_now=False).allowed
    assert not workflow.decide("submit", ACTORS["author"], [], 1).allowed  # save a draft first


def test_an_unknown_action_is_refused():
    decision = workflow.decide("purge", ACTORS["admin"], [], 1)
    assert not decision.allowed and decision.reason_zh == "未知操作"


def test_review_steps_per_section_and_their_names():
    assert [workflow.steps_for(s) for s in ("news", "policies", "projects", "parks", "desks", "pages")] == [
        1, 3, 2, 2, 1, 1]
    assert workflow.steps_for("news", {"news": 2}) == 2
    assert workflow.steps_for("policies", {"news": 2}) == 3
    for wrong in (0, 4, "2", True, None):
        with pytest.raises(ValueError, match="review steps of news"):
            workflow.steps_for("news", {"news": wrong})
    assert workflow.step_name(1, 1) == ("审核", "Review")
    assert [workflow.step_name(n, 3) for n in (1, 2, 3)] == [
        ("初审", "First review"), ("复审", "Second review"), ("终审", "Final review")]
    assert workflow.step_name(2, 2) == ("终审", "Final review")


def test_content_roles_add_to_the_main_role():
    officer = user(31, "desk", "author", "reviewer", desk="agri-team")
    assert allows_user(officer, "leads.work") and allows_user(officer, "content.write")
    assert allows_user(officer, "content.review") and not allows_user(officer, "content.publish")
    assert allows_user(officer, "content.read")

    admin = user(32, "admin")
    assert allows_user(admin, "content.read") and allows_user(admin, "content.emergency")
    assert allows_user(admin, "content.purge") and allows_user(admin, "content.rename")
    for permission in ("content.write", "content.review", "content.publish"):
        assert not allows_user(admin, permission)  # the content roles are named per person

    editor = user(33, "viewer", "reviewer", "publisher")
    assert allows_user(editor, "reports.read") and allows_user(editor, "content.publish")
    assert not allows_user(editor, "leads.read") and not allows_user(editor, "content.emergency")
    assert not allows_user(user(34, "auditor"), "content.read")
    assert not allows_user(user(35, "viewer", "author"), "content.purge")
