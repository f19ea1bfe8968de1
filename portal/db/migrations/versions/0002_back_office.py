"""The back office: staff accounts and sessions, the audit log, lead events, funds in place,
annual targets, investor feedback; leads gain routing copies, owner, stage times and outcome.

The audit log is append-only in the database itself: a trigger refuses any UPDATE, and any
DELETE of a row younger than 180 days (the least the 等保 2.0 level-2 controls allow).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")
When = sa.DateTime(timezone=True)
AUDIT_FLOOR_DAYS = 180

SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    f"""CREATE TRIGGER audit_log_keep BEFORE DELETE ON audit_log
       WHEN OLD.at > datetime('now', '-{AUDIT_FLOOR_DAYS} days')
       BEGIN SELECT RAISE(ABORT, 'audit rows younger than {AUDIT_FLOOR_DAYS} days are kept'); END""",
]
POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'audit_log is append-only'; END IF;
         IF OLD.at > now() - interval '{AUDIT_FLOOR_DAYS} days' THEN
           RAISE EXCEPTION 'audit rows younger than {AUDIT_FLOOR_DAYS} days are kept';
         END IF;
         RETURN OLD;
       END $$""",
    """CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION audit_log_guard()""",
]


def upgrade():
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("desk", sa.String(100)),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False),
        sa.Column("password_changed_at", When),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", When),
        sa.Column("created_at", When, nullable=False),
        sa.Column("disabled_at", When),
        sa.PrimaryKeyConstraint("id", name="pk_staff_users"),
        sa.UniqueConstraint("name", name="uq_staff_users_name"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("seen_at", When, nullable=False),
        sa.Column("ended_at", When),
        sa.Column("address", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_staff_sessions"),
        sa.ForeignKeyConstraint(["user_id"], ["staff_users.id"],
                                name="fk_staff_sessions_user_id_staff_users"),
        sa.UniqueConstraint("token_hash", name="uq_staff_sessions_token_hash"),
    )
    op.create_index("ix_staff_sessions_user_id", "staff_sessions", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", When, nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("user_name", sa.String(64)),
        sa.Column("address", sa.String(64)),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("object", sa.String(200)),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("detail", Json),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("copies", Json))
        batch.add_column(sa.Column("reply_lang", sa.String(8)))
        batch.add_column(sa.Column("reply_by", sa.Date))
        batch.add_column(sa.Column("owner_id", sa.Integer))
        batch.add_column(sa.Column("leader", sa.String(100)))
        batch.add_column(sa.Column("department", sa.String(100)))
        batch.add_column(sa.Column("first_response_at", When))
        batch.add_column(sa.Column("stage_at", When))
        batch.add_column(sa.Column("closed_reason", sa.String(32)))
        batch.add_column(sa.Column("contract_amount", sa.Numeric(14, 2)))
        batch.add_column(sa.Column("signed_on", sa.Date))
        batch.add_column(sa.Column("updated_at", When))
        batch.add_column(sa.Column("status_token_hash", sa.String(64)))
        batch.add_column(sa.Column("status_revoked_at", When))
        batch.add_column(sa.Column("erased_at", When))
        batch.create_foreign_key("fk_leads_owner_id_staff_users", "staff_users", ["owner_id"], ["id"])
        batch.create_unique_constraint("uq_leads_status_token_hash", ["status_token_hash"])
        batch.create_index("ix_leads_created_at", ["created_at"])
        batch.create_index("ix_leads_desk_status", ["desk", "status"])
    op.create_table(
        "lead_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lead_id", sa.Integer, nullable=False),
        sa.Column("at", When, nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("old", sa.String(200)),
        sa.Column("new", sa.String(200)),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_lead_events"),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name="fk_lead_events_lead_id_leads"),
        sa.ForeignKeyConstraint(["user_id"], ["staff_users.id"],
                                name="fk_lead_events_user_id_staff_users"),
    )
    op.create_index("ix_lead_events_lead_id", "lead_events", ["lead_id"])
    op.create_table(
        "funds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lead_id", sa.Integer, nullable=False),
        sa.Column("arrived_on", sa.Date, nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("note", sa.String(500)),
        sa.Column("entered_by", sa.Integer),
        sa.Column("entered_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_funds"),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name="fk_funds_lead_id_leads"),
        sa.ForeignKeyConstraint(["entered_by"], ["staff_users.id"], name="fk_funds_entered_by_staff_users"),
    )
    op.create_index("ix_funds_lead_id", "funds", ["lead_id"])
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("desk", sa.String(100)),
        sa.Column("projects", sa.Integer),
        sa.Column("contracted", sa.Numeric(14, 2)),
        sa.Column("funds", sa.Numeric(14, 2)),
        sa.Column("updated_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_targets"),
        sa.UniqueConstraint("year", "desk", name="uq_targets_year_desk"),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lead_id", sa.Integer, nullable=False),
        sa.Column("at", When, nullable=False),
        sa.Column("desk", sa.String(100), nullable=False),
        sa.Column("scores", Json, nullable=False),
        sa.Column("comment", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name="fk_feedback_lead_id_leads"),
        sa.UniqueConstraint("lead_id", name="uq_feedback_lead_id"),
    )
    triggers = POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_guard ON audit_log")
        op.execute("DROP FUNCTION audit_log_guard()")
    for table in ("feedback", "targets", "funds", "lead_events"):
        op.drop_table(table)
    with op.batch_alter_table("leads") as batch:
        batch.drop_index("ix_leads_desk_status")
        batch.drop_index("ix_leads_created_at")
        batch.drop_constraint("uq_leads_status_token_hash", type_="unique")
        batch.drop_constraint("fk_leads_owner_id_staff_users", type_="foreignkey")
        for name in ("erased_at", "status_revoked_at", "status_token_hash", "updated_at", "signed_on",
                     "contract_amount", "closed_reason", "stage_at", "first_response_at", "department",
                     "leader", "owner_id", "reply_by", "reply_lang", "copies"):
            batch.drop_column(name)
    for table in ("audit_log", "staff_sessions", "staff_users"):
        op.drop_table(table)
