"""Scheduled publishing and taking items off the site (issue 19, items 8 and 9), through HTTP and
`portal publish-due` as the timer runs it, on SQLite and PostgreSQL: a scheduled publish happens
once however many runs meet it, an unpublished page answers 404 until it is put back, and the
back office lists what is scheduled with what is late."""

import os
import subprocess
import threading
from datetime import timedelta

from portal.clock import CHINA_TIME
from portal.db import utcnow
from portal.editor import revisions, schedule
from portal.editor.cli import publish_due

from ..helpers import edit
from ..publish.live import PORTAL, wait_for
from ..staff.helpers import audit_rows
from .people import TEA, TEA_ZH, approved, opened, send

NEW_TITLE = "富硒茶精深加工二期项目"
PUBLIC = "/zh/projects/tea-processing/"


def china(moment):
    """``moment`` as staff type it: China time, as a datetime-local input sends it."""
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%dT%H:%M")


def schedule_publish(people, at):
    return send(people["publisher"], TEA + "schedule", [("what", "publish"), ("at", at)])


def public_has(app, text, status=200):
    """Wait (the site's store looks for a new generation every 0.25 s) until the public page
    answers ``status`` and, for a 200, shows ``text``."""
    def check():
        page = app.test_client().get(PUBLIC)
        return page.status_code == status and (status != 200 or text in page.get_data(as_text=True))
    return wait_for(check, 10, f"{PUBLIC} answering {status} with {text!r}")


def publishes(app):
    with app.app_context():
        return [r for r in revisions.history("projects", "tea-processing") if r.kind == "publish"]


def test_a_past_time_typed_in_full_width_digits_is_published_once_by_publish_due(newsroom):
    app, content, people = newsroom
    approved(people, NEW_TITLE)
    scheduled = schedule_publish(people, " ２０２６-１２-０１　０９:００ ")  # pasted, full-width
    assert scheduled.status_code == 302
    with app.app_context():
        pending = schedule.pending()
    assert [(p.action, p.at.isoformat()) for p in pending] == [("publish", "2026-12-01T01:00:00+00:00")]
    assert NEW_TITLE not in (content / TEA_ZH).read_text(encoding="utf-8")  # not before its time

    runner = app.test_cli_runner()
    first = runner.invoke(publish_due)
    assert first.exit_code == 0, first.output
    assert "projects/tea-processing" in first.output
    assert "已发布" in first.output and "published" in first.output
    assert f"title: {NEW_TITLE}" in (content / TEA_ZH).read_text(encoding="utf-8")
    public_has(app, NEW_TITLE)
    second = runner.invoke(publish_due)
    assert second.exit_code == 0 and "nothing scheduled is due" in second.output
    assert len(publishes(app)) == 1 and publishes(app)[0].user_name == "cli"
    assert [r.event for r in audit_rows(app) if r.event in ("content.schedule", "content.publish")] == [
        "content.schedule", "content.publish"]
    with app.app_context():
        assert schedule.pending() == []


def test_two_runs_at_once_publish_once(newsroom, monkeypatch):
    """Both runs find the revision due before either marks it done: only the one whose
    ``mark_done`` changed the row publishes."""
    app, _content, people = newsroom
    approved(people, NEW_TITLE)
    schedule_publish(people, china(utcnow() - timedelta(minutes=1)))
    found_due = threading.Barrier(2, timeout=20)
    original = revisions.due

    def due_then_wait(now, connection=None):
        rows = original(now, connection)
        found_due.wait()
        return rows

    monkeypatch.setattr(revisions, "due", due_then_wait)
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                results.append(schedule.run_due())
        except Exception as error:  # surfaced below: a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(len(r) for r in results) == [0, 1]
    assert len(publishes(app)) == 1
    assert len(audit_rows(app, "content.publish")) == 1


def test_portal_publish_due_as_the_timer_runs_it_twice_at_once(newsroom):
    """The real command, two processes started together on the app's folders and database, as
    two overlapping timer runs would be: one publishes, the other finds nothing, both exit 0."""
    app, content, people = newsroom
    approved(people, NEW_TITLE)
    schedule_publish(people, china(utcnow() - timedelta(minutes=2)))
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(content), "PORTAL_INSTANCE_DIR": app.instance_path,
           "PORTAL_SECRET_KEY": app.config["SECRET_KEY"]}
    if app.config.get("DATABASE_URL"):
        env["PORTAL_DATABASE_URL"] = app.config["DATABASE_URL"]
    runs = []
    try:
        for _ in range(2):
            runs.append(subprocess.Popen([PORTAL, "publish-due"], env=env, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True))
        outputs = [run.communicate(timeout=120) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    assert [run.returncode for run in runs] == [0, 0], outputs
    said = "".join(out for out, _err in outputs)
    assert said.count("projects/tea-processing") == 1 and said.count("nothing scheduled is due") == 1, outputs
    assert f"title: {NEW_TITLE}" in (content / TEA_ZH).read_text(encoding="utf-8")
    assert len(publishes(app)) == 1
    public_has(app, NEW_TITLE)


def test_unpublish_takes_the_page_off_and_republish_brings_it_back(newsroom):
    app, content, people = newsroom
    publisher = people["publisher"]
    public_has(app, "富硒茶")
    opened(publisher)
    gone = send(publisher, TEA + "unpublish", [("comment", "项目已签约，暂停招商 ")])
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/staff/content/scheduled")
    parked = schedule.PARKED
    assert not (content / "projects" / "tea-processing").exists()
    assert os.path.isfile(os.path.join(app.instance_path, parked, "projects", "tea-processing",
                                       "index.zh.md"))
    public_has(app, "", status=404)
    listing = publisher.get("/staff/content/scheduled").get_data(as_text=True)
    assert "projects/tea-processing" in listing
    assert "/staff/content/projects/tea-processing/republish" in listing
    assert send(publisher, TEA + "unpublish", []).status_code in (403, 404)  # not on the site now

    people["author"].get("/staff/content/scheduled")  # (its form's CSRF token)
    assert send(people["author"], TEA + "republish", []).status_code == 403  # publishers only
    back = send(publisher, TEA + "republish", [])
    assert back.status_code == 302
    assert (content / "projects" / "tea-processing" / "index.zh.md").is_file()
    public_has(app, "富硒茶")
    with app.app_context():
        kinds = [(r.kind, r.state) for r in revisions.history("projects", "tea-processing")]
    assert kinds == [("unpublish", "unpublished"), ("republish", "published")]
    assert send(publisher, TEA + "republish", []).status_code == 403  # it is on the site


def test_a_scheduled_unpublish_runs_from_publish_due(newsroom):
    app, content, people = newsroom
    publisher = people["publisher"]
    opened(publisher)
    at = china(utcnow() - timedelta(minutes=3))
    assert send(publisher, TEA + "schedule", [("what", "unpublish"), ("at", at)]).status_code == 302
    result = app.test_cli_runner().invoke(publish_due)
    assert result.exit_code == 0 and "taken off the site" in result.output, result.output
    assert not (content / "projects" / "tea-processing").exists()
    public_has(app, "", status=404)
    assert "nothing scheduled is due" in app.test_cli_runner().invoke(publish_due).output


def test_a_hand_edit_after_approval_stops_the_scheduled_publish_and_says_so(newsroom):
    app, content, people = newsroom
    approved(people, NEW_TITLE)
    schedule_publish(people, china(utcnow() - timedelta(minutes=1)))
    edit(content / TEA_ZH, "summary: 依托全县富硒茶园", "summary: 管理员在服务器上改的摘要，依托全县富硒茶园")
    result = app.test_cli_runner().invoke(publish_due)
    assert result.exit_code == 1 and "failed" in result.output and "index.zh.md" in result.output
    text = (content / TEA_ZH).read_text(encoding="utf-8")
    assert "管理员在服务器上改的摘要" in text and NEW_TITLE not in text  # the hand edit stands
    assert publishes(app) == []
    failed = audit_rows(app, "content.publish-failed")
    assert len(failed) == 1 and failed[0].object == "projects/tea-processing"
    listing = people["publisher"].get("/staff/content/scheduled").get_data(as_text=True)
    assert "projects/tea-processing" in listing and "index.zh.md" in listing
    assert app.test_cli_runner().invoke(publish_due).exit_code == 0  # done once, failure and all


def test_the_scheduled_page_marks_what_is_more_than_15_minutes_late(newsroom):
    app, _content, people = newsroom
    approved(people, NEW_TITLE)
    schedule_publish(people, china(utcnow() - timedelta(minutes=20)))
    publisher = people["publisher"]
    opened(publisher)
    at = china(utcnow() + timedelta(days=30))
    assert send(publisher, "/staff/content/policies/referral-reward-2023/schedule",
                [("what", "unpublish"), ("at", at)]).status_code == 302
    html = publisher.get("/staff/content/scheduled").get_data(as_text=True)
    assert html.count('class="overdue"') == 1
    late_row = next(row for row in html.split("<tr") if "tea-processing" in row)
    assert 'class="overdue"' in late_row and NEW_TITLE in late_row
    assert 'class="overdue"' not in next(row for row in html.split("<tr") if "referral-reward-2023" in row)
    assert people["desk"].get("/staff/content/scheduled").status_code == 403  # leads-only staff


def test_ten_minutes_late_is_not_yet_overdue(newsroom):
    app, _content, people = newsroom
    approved(people, NEW_TITLE)
    schedule_publish(people, china(utcnow() - timedelta(minutes=10)))
    with app.app_context():
        assert [p.overdue for p in schedule.pending()] == [False]
        assert [p.overdue for p in schedule.pending(utcnow() + timedelta(minutes=6))] == [True]


def test_scheduling_is_for_publishers_with_a_time_they_can_read(newsroom):
    app, _content, people = newsroom
    approved(people, NEW_TITLE)
    author = people["author"]
    opened(author)
    refused = send(author, TEA + "schedule", [("what", "publish"), ("at", "2026-12-08T09:00")])
    assert refused.status_code == 403
    wrong = schedule_publish(people, "明天上午九点")
    assert wrong.status_code == 302
    assert "2026-12-08 09:00" in people["publisher"].get(wrong.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert schedule.pending() == []
        assert [r.kind for r in revisions.history("projects", "tea-processing")][-1] == "approve"


def test_china_time_is_stored_in_utc_and_policies_default_to_the_day_after_their_end():
    assert schedule.china_moment("2026-12-08T09:00").isoformat() == "2026-12-08T01:00:00+00:00"
    assert schedule.china_moment("2026年12月8日 9:05").isoformat() == "2026-12-08T01:05:00+00:00"
    assert schedule.local_input(schedule.china_moment("２０２６-１２-０８ ０９:００")) == "2026-12-08T09:00"
    ends = schedule.default_unpublish("policies", {"effective_to": "2025-12-31"})
    assert schedule.local_input(ends) == "2026-01-01T00:00"
    assert schedule.default_unpublish("projects", {"effective_to": "2025-12-31"}) is None
    assert schedule.default_unpublish("policies", {}) is None


def test_the_item_pages_panel_offers_a_policy_the_day_after_its_end(newsroom):
    """The macro the item page includes: a form for each action the workflow allows, the end
    date's next day prefilled, and the item's pending schedule with its overdue mark."""
    app, _content, _people = newsroom
    source = ('{% from "staff/editor/schedule.html" import schedule_panel %}'
              '{{ schedule_panel(item, actions) }}')
    with app.app_context():
        revisions.record("policies", "referral-reward-2023", "schedule", "published", {}, {}, (9, "chen"),
                         unpublish_at=utcnow() - timedelta(minutes=16))
    with app.test_request_context("/staff/content/policies/referral-reward-2023/"):
        from flask import render_template_string

        from portal.editor.drafts import working

        item = working("policies", "referral-reward-2023")
        html = render_template_string(source, item=item,
                                      actions={"schedule_unpublish": True, "unpublish": True})
        nothing = render_template_string(source, item=working("projects", "tea-processing"), actions={})
    assert 'name="at" required value="2026-01-01T00:00"' in html
    assert "/staff/content/policies/referral-reward-2023/unpublish" in html and "republish" not in html
    assert 'class="overdue"' in html and "chen" in html
    assert "schedule-h" not in nothing  # nothing to offer, nothing pending: no panel
