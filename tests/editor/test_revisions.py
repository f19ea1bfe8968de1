"""The editor's record on SQLite and PostgreSQL: migration 0004 up and down, revisions numbered
per item (also when saved at once), one audit row each, what waits for whom, and a scheduled
publish that two timers find at the same moment done once. Content roles on accounts, from the
API and from ``portal staff add --content-roles``."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.cli.backups import backup, restore
from portal.db import create_engine, transaction
from portal.db.migrate import current, head, migrate, migrating
from portal.db.schema import content_revisions, metadata, staff_users
from portal.editor import revisions
from portal.staff import accounts

from ..conftest import FIXTURE_CONTENT, build_app
from ..lead_helpers import BACKENDS, postgres_schema_url, require_postgres
from ..staff.helpers import PASSWORD, add_user, audit_rows

ZH = "index.zh.md"
TEXT = ("---\ntitle: 青岚县富硒茶精深加工项目\ntotal_investment: 3.5亿\n---\n"
        "年产能５０００吨，带动就业１２０人\n")
BASE = {ZH: "9f" * 32, "index.en.md": None}
NOON = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # 12:00 in China


@pytest.fixture
def app(lead_app):
    """An app on the parametrized database, no revisions (the shared apps keep their tables)."""
    made = lead_app()
    with transaction(made) as connection:
        connection.execute(content_revisions.delete())
    with made.app_context():
        yield made


def account(name, role="viewer", *content_roles, desk=None):
    accounts.add(name, role, PASSWORD, desk=desk, content_roles=content_roles)
    with transaction() as connection:
        row = accounts.find(connection, name)
    return accounts.StaffUser.from_row(row)


def save(user, slug="selenium-tea", text=TEXT, **more):
    return revisions.record("projects", slug, "save", "draft", {ZH: text}, BASE, user, **more)


@pytest.fixture(params=BACKENDS)
def blank(request, tmp_path):
    """The URL of an empty database (no schema) on the parametrized backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.sqlite3'}"
        return
    require_postgres()
    url, drop = postgres_schema_url()
    yield url
    drop()


def test_migration_0004_goes_up_and_down(blank):
    db = create_engine(blank)
    try:
        with migrating(db) as connection:
            migrate(connection, "0003")
            connection.execute(sa.text(
                "INSERT INTO staff_users (name, role, password_hash, must_change_password, failed_logins, "
                "created_at) VALUES ('wang.fang', 'admin', 'x', false, 0, '2026-12-01 09:30:00')"))
        with migrating(db) as connection:
            migrate(connection, head())
        with db.connect() as connection:
            assert current(connection) == head()  # 0004 and every migration after it
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []  # the migration builds what schema.py says
            assert connection.execute(sa.select(staff_users.c.name, staff_users.c.content_roles)).all() == [
                ("wang.fang", None)]
        with migrating(db) as connection:
            migrate(connection, "0003")
        with db.connect() as connection:
            inspector = sa.inspect(connection)
            assert "content_revisions" not in inspector.get_table_names()
            assert "content_roles" not in {c["name"] for c in inspector.get_columns("staff_users")}
            names = connection.execute(sa.text("SELECT name FROM staff_users")).scalars().all()
            assert names == ["wang.fang"]
    finally:
        db.dispose()


def test_revisions_are_numbered_per_item_and_each_is_audited(app):
    writer = account("li.na", "viewer", "author")
    first = save(writer)
    other = save(writer, "tea-park")
    second = revisions.record("projects", "selenium-tea", "submit", "submitted", {ZH: TEXT}, BASE, writer)
    third = revisions.record("projects", "selenium-tea", "reject", "rejected", {ZH: TEXT}, BASE,
                             (7, "zhou.min"), comment="请补充总投资的依据")
    assert [(r.id, r.number, r.kind, r.state) for r in revisions.history("projects", "selenium-tea")] == [
        (first, 1, "save", "draft"), (second, 2, "submit", "submitted"), (third, 3, "reject", "rejected")]
    assert revisions.latest("projects", "tea-park").number == 1 and revisions.get(other).slug == "tea-park"
    assert revisions.latest("projects", "no-such-item") is None and revisions.get(999999) is None

    stored = revisions.get(third)
    assert stored.files == {ZH: TEXT} and stored.base == BASE  # the Chinese text exactly as typed
    assert (stored.user_id, stored.user_name, stored.comment) == (7, "zhou.min", "请补充总投资的依据")
    assert stored.at.tzinfo is not None and abs(stored.at - datetime.now(UTC)) < timedelta(minutes=1)

    rows = audit_rows(app)
    assert [(r.event, r.object, r.user_name) for r in rows] == [
        ("content.save", "projects/selenium-tea", "li.na"), ("content.save", "projects/tea-park", "li.na"),
        ("content.submit", "projects/selenium-tea", "li.na"),
        ("content.reject", "projects/selenium-tea", "zhou.min")]
    assert rows[-1].detail == {"revision": third, "number": 3, "step": 0, "comment": "请补充总投资的依据"}
    assert rows[0].user_id == writer.id


def test_a_refused_record_leaves_no_revision_and_no_audit_row(app):
    with pytest.raises(ValueError):
        revisions.record("projects", "selenium-tea", "schedule", "approved", {ZH: TEXT}, BASE, None,
                         publish_at=NOON, unpublish_at=NOON + timedelta(days=30))
    with pytest.raises(ValueError):
        revisions.record("projects", "selenium-tea", "edit", "draft", {ZH: TEXT}, BASE, None)
    with pytest.raises(sa.exc.IntegrityError):  # a failure later in the caller's transaction takes both
        with transaction() as connection:
            revisions.record("projects", "selenium-tea", "save", "draft", {ZH: TEXT}, BASE, None,
                             connection=connection)
            connection.execute(content_revisions.insert().values(
                section="projects", slug="selenium-tea", number=1, kind="save", state="draft",
                files={}, at=NOON, step=0))
    assert revisions.history("projects", "selenium-tea") == [] and audit_rows(app) == []


def test_revisions_saved_at_once_get_distinct_numbers(app):
    writers = [(n, f"writer-{n}") for n in range(8)]
    start = threading.Barrier(len(writers))
    errors = []

    def work(writer):
        with app.app_context():
            try:
                start.wait()
                save(writer, text=f"{TEXT}第{writer[0]}稿\n")
            except Exception as error:  # reported below, with the others
                errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    found = revisions.history("projects", "selenium-tea")
    assert [r.number for r in found] == list(range(1, 9))
    assert sorted(r.user_name for r in found) == sorted(name for _n, name in writers)


def test_the_working_chain_outlives_unpublishing(app):
    writer, publisher = account("li.na", "viewer", "author"), (9, "chen.jing")
    revisions.record("projects", "selenium-tea", "publish", "published", {ZH: TEXT}, BASE, publisher)
    draft = save(writer, text=TEXT + "新增：配套冷链仓储\n")
    revisions.record("projects", "selenium-tea", "unpublish", "unpublished", {ZH: TEXT}, BASE, publisher)
    assert revisions.latest("projects", "selenium-tea").kind == "unpublish"
    assert revisions.current("projects", "selenium-tea").id == draft


def test_the_steps_behind_a_published_revision_and_the_items_of_a_section(app):
    writer, first, publisher = (1, "li.na"), (2, "zhou.min"), (3, "chen.jing")
    old = {ZH: TEXT.replace("青岚县富硒茶精深加工项目", "富硒茶一期")}
    for kind, state, who, step, files in [
            ("save", "draft", writer, 0, old), ("submit", "submitted", writer, 0, old),
            ("approve", "approved", first, 1, old), ("publish", "published", publisher, 1, old),
            ("save", "draft", writer, 0, {ZH: TEXT}), ("submit", "submitted", writer, 0, {ZH: TEXT}),
            ("reject", "rejected", first, 0, {ZH: TEXT}), ("submit", "submitted", writer, 0, {ZH: TEXT}),
            ("approve", "approved", first, 1, {ZH: TEXT}), ("publish", "published", publisher, 1, {ZH: TEXT}),
            ("unpublish", "unpublished", publisher, 0, {ZH: TEXT})]:
        revisions.record("news", "tea-fair", kind, state, files, BASE, who, step=step)
    assert [(r.number, r.kind) for r in revisions.chain("news", "tea-fair", 4)] == [
        (1, "save"), (2, "submit"), (3, "approve"), (4, "publish")]
    assert [(r.number, r.kind, r.user_name) for r in revisions.chain("news", "tea-fair", 10)] == [
        (5, "save", "li.na"), (6, "submit", "li.na"), (7, "reject", "zhou.min"), (8, "submit", "li.na"),
        (9, "approve", "zhou.min"), (10, "publish", "chen.jing")]

    save((1, "li.na"), "new-only", text="---\nname: 青岚县农业农村局\n---\n")
    save((1, "li.na"), "broken", text="---\ntitle: [未闭合\n---\n")
    found = revisions.latest_by_item("news")
    assert set(found) == {"tea-fair"} and found["tea-fair"].number == 10  # the unpublish is no text
    assert found["tea-fair"].title == "青岚县富硒茶精深加工项目"
    items = revisions.latest_by_item("projects")
    assert items["new-only"].title == "青岚县农业农村局" and items["broken"].title is None


def test_a_scheduled_publish_is_due_once_even_for_two_timers_at_once(app):
    publisher = (9, "chen.jing")
    scheduled = revisions.record("projects", "selenium-tea", "schedule", "approved", {ZH: TEXT}, BASE,
                                 publisher, step=2, publish_at=NOON)
    assert revisions.due(NOON - timedelta(seconds=1)) == []
    assert [r.id for r in revisions.due(NOON)] == [scheduled]

    start = threading.Barrier(2)
    won = []

    def timer():
        with app.app_context():
            start.wait()
            found = revisions.due(NOON + timedelta(minutes=1))
            won.extend(revisions.mark_done(r.id, NOON + timedelta(minutes=1)) for r in found)

    threads = [threading.Thread(target=timer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) in ([False, True], [True])  # the second found it done, or did not find it
    assert revisions.due(NOON + timedelta(hours=1)) == []
    assert revisions.get(scheduled).done_at == NOON + timedelta(minutes=1)
    assert revisions.mark_done(scheduled, NOON + timedelta(hours=2)) is False  # a third run, later


def test_mark_done_in_the_callers_transaction_is_undone_with_it(app):
    scheduled = revisions.record("projects", "selenium-tea", "schedule", "approved", {ZH: TEXT}, BASE,
                                 None, step=2, publish_at=NOON)
    with pytest.raises(RuntimeError):
        with transaction() as connection:
            assert revisions.mark_done(scheduled, NOON, connection)
            raise RuntimeError("the publisher failed")
    assert [r.id for r in revisions.due(NOON)] == [scheduled]  # still due: it did not happen


def test_what_newer_work_overtakes_is_not_due(app):
    writer, publisher = account("li.na", "viewer", "author"), (9, "chen.jing")
    revisions.record("projects", "selenium-tea", "schedule", "approved", {ZH: TEXT}, BASE, publisher,
                     step=2, publish_at=NOON)
    save(writer, text=TEXT + "修改中\n")  # the author went back to work on it: not published as approved
    assert revisions.due(NOON) == []

    policy = revisions.record("policies", "tea-subsidy", "publish", "published", {ZH: TEXT}, BASE, publisher,
                              unpublish_at=NOON)  # a policy ends at its end date
    assert [r.id for r in revisions.due(NOON)] == [policy]
    later = revisions.record("policies", "tea-subsidy", "schedule", "published", {ZH: TEXT}, BASE, publisher,
                             unpublish_at=NOON + timedelta(days=90))  # extended
    assert revisions.due(NOON) == [] and [r.id for r in revisions.due(NOON + timedelta(days=90))] == [later]
    revisions.record("policies", "tea-subsidy", "unpublish", "unpublished", {ZH: TEXT}, BASE, publisher)
    assert revisions.due(NOON + timedelta(days=90)) == []  # taken down by hand meanwhile


def test_what_waits_for_whom(app):
    writer = account("li.na", "desk", "author", desk="agri-team")
    other_writer = account("wu.hao", "viewer", "author")
    first, second = account("zhou.min", "viewer", "reviewer"), account("sun.li", "leader", "reviewer")
    publisher = account("chen.jing", "viewer", "publisher")
    admin = account("wang.fang", "admin")

    save(writer, "draft-item")
    revisions.record("projects", "sent-back", "save", "draft", {ZH: TEXT}, BASE, writer)
    revisions.record("projects", "sent-back", "submit", "submitted", {ZH: TEXT}, BASE, writer)
    revisions.record("projects", "sent-back", "reject", "rejected", {ZH: TEXT}, BASE, first, comment="请补充")
    revisions.record("projects", "in-review", "save", "draft", {ZH: TEXT}, BASE, writer)
    revisions.record("projects", "in-review", "submit", "submitted", {ZH: TEXT}, BASE, writer)
    revisions.record("projects", "in-review", "approve", "approved", {ZH: TEXT}, BASE, first, step=1)
    revisions.record("news", "tea-fair", "save", "draft", {ZH: TEXT}, BASE, other_writer)
    revisions.record("news", "tea-fair", "submit", "submitted", {ZH: TEXT}, BASE, other_writer)
    revisions.record("news", "tea-fair", "approve", "approved", {ZH: TEXT}, BASE, second, step=1)

    def waiting(user, steps=None):
        found = revisions.pending_for(user, steps)
        return sorted((w.action, w.revision.section, w.revision.slug) for w in found)

    assert waiting(writer) == [("edit", "projects", "draft-item"), ("edit", "projects", "sent-back")]
    assert waiting(other_writer) == []
    assert waiting(first) == []  # it took step 1 of in-review; tea-fair (news) has its one step
    assert waiting(second) == [("approve", "projects", "in-review")]
    assert waiting(publisher) == [("publish", "news", "tea-fair")]
    assert waiting(publisher, {"news": 2}) == []  # site.yaml asks two steps of news
    assert waiting(first, {"news": 2}) == [("approve", "news", "tea-fair")]
    assert waiting(admin) == []


def test_content_roles_are_stored_read_and_changed(app):
    officer = account("li.na", "desk", " author ", "reviewer", desk="agri-team")
    assert officer.content_roles == {"author", "reviewer"}
    with transaction() as connection:
        assert accounts.find(connection, "li.na").content_roles == "author,reviewer"
    assert accounts.set_content_roles("li.na", "publisher，author") == {"author", "publisher"}
    with transaction() as connection:
        assert accounts.find(connection, "li.na").content_roles == "author,publisher"
        assert accounts.StaffUser.from_row(accounts.find(connection, "li.na")).content_roles == {
            "author", "publisher"}
    assert accounts.set_content_roles("li.na", ()) == frozenset()
    with transaction() as connection:
        assert accounts.find(connection, "li.na").content_roles is None
    with pytest.raises(accounts.AccountError, match="role.*editor.*roles: author, reviewer, publisher"):
        accounts.set_content_roles("li.na", "editor")
    with pytest.raises(accounts.AccountError, match="no user 'nobody'"):
        accounts.set_content_roles("nobody", "author")
    with pytest.raises(accounts.AccountError, match="unknown content role"):
        accounts.add("wu.hao", "viewer", PASSWORD, content_roles="审核人")
    add_user(app, "plain", "viewer")
    with transaction() as connection:
        assert accounts.StaffUser.from_row(accounts.find(connection, "plain")).content_roles == frozenset()


def test_portal_staff_add_takes_content_roles(app):
    runner = app.test_cli_runner()
    done = runner.invoke(args=["staff", "add", "li.na", "--role", "desk", "--desk", "agri-team",
                               "--content-roles", "reviewer, author"], input=PASSWORD + "\n")
    assert done.exit_code == 0, done.output
    assert "added li.na (desk, desk agri-team; content roles author, reviewer)" in done.output
    with transaction() as connection:
        assert accounts.find(connection, "li.na").content_roles == "author,reviewer"
    [added] = audit_rows(app, "staff.user-added")
    assert added.detail == {"role": "desk", "desk": "agri-team", "content_roles": "author,reviewer"}

    refused = runner.invoke(args=["staff", "add", "wu.hao", "--role", "viewer", "--content-roles", "editor"],
                            input=PASSWORD + "\n")
    assert refused.exit_code != 0 and "unknown content role(s) editor" in refused.output
    plain = runner.invoke(args=["staff", "add", "sun.li", "--role", "viewer"], input=PASSWORD + "\n")
    assert plain.exit_code == 0 and "content roles" not in plain.output
    assert "--content-roles" in runner.invoke(args=["staff", "add", "--help"]).output


def test_revisions_and_content_roles_survive_a_backup_and_restore(app, database_url, tmp_path):
    account("li.na", "desk", "author", "publisher", desk="agri-team")
    save((1, "li.na"), text=TEXT, comment="首稿")
    scheduled = revisions.record("projects", "selenium-tea", "schedule", "approved",
                                 {ZH: TEXT, "index.en.md": None}, BASE, (1, "li.na"), step=2, publish_at=NOON)
    before = revisions.history("projects", "selenium-tea")
    dest = tmp_path / "backup.jsonl.gz"
    assert app.test_cli_runner().invoke(backup, [str(dest)]).exit_code == 0

    url, drop = postgres_schema_url() if database_url else ("", None)
    restored = build_app(FIXTURE_CONTENT, tmp_path / "restored", DATABASE_URL=url)
    try:
        with restored.app_context():  # the command runs in the app whose context is current
            result = restored.test_cli_runner().invoke(restore, [str(dest)])
            assert result.exit_code == 0, result.output
            assert "content_revisions 2" in result.output
            assert revisions.history("projects", "selenium-tea") == before
            assert revisions.get(scheduled).files == {ZH: TEXT, "index.en.md": None}
            assert [r.id for r in revisions.due(NOON)] == [scheduled]
            assert save((1, "li.na")) > scheduled  # numbering and ids go on after the restored ones
            assert revisions.latest("projects", "selenium-tea").number == 3
            with transaction() as connection:
                assert accounts.find(connection, "li.na").content_roles == "author,publisher"
    finally:
        restored.extensions["db"].dispose()
        if drop:
            drop()
