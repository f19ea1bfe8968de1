"""The tables, in SQLAlchemy Core: leads and what staff do with them, their outgoing mail,
staff accounts, sessions and the audit log, rate-limit hits, partner links, and the revisions of
the site's content as the editor keeps them.

The schema is changed only by Alembic migrations in ``migrations/versions``; this module is
what the code queries and what ``portal db revision`` compares against.
"""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
Json = sa.JSON().with_variant(JSONB(), "postgresql")
When = sa.DateTime(timezone=True)

leads = sa.Table(
    "leads", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(32), unique=True),  # QL-2026-000123, set after insert
    sa.Column("submission_key", sa.String(64), nullable=False, unique=True),  # one per form shown
    sa.Column("created_at", When, nullable=False),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("company", sa.String(200)),
    sa.Column("email", sa.String(320)),
    sa.Column("phone", sa.String(32)),  # E.164
    sa.Column("wechat", sa.String(64)),
    sa.Column("region", sa.String(16)),  # CN-GD, HK, SG, OTHER
    sa.Column("industry", sa.String(64)),
    sa.Column("item", sa.String(200)),  # project:<slug>, park:<slug>, unit:<park>/<id>
    sa.Column("answers", Json, nullable=False),  # every field with its zh and en labels
    sa.Column("desk", sa.String(100), nullable=False),  # slug of the routed desk
    sa.Column("routed_by", sa.String(16), nullable=False),  # item, industry, region, bureau
    sa.Column("source_page", sa.String(500)),
    sa.Column("ref", sa.String(64)),  # partner credited (?ref=, remembered 30 days)
    sa.Column("client_address", sa.String(64)),
    sa.Column("consent_at", When, nullable=False),
    sa.Column("consent_version", sa.String(32), nullable=False),
    sa.Column("consent_share", sa.Boolean, nullable=False, default=False),
    sa.Column("consent_newsletter", sa.Boolean, nullable=False, default=False),
    sa.Column("needs_attention", sa.Boolean, nullable=False, default=False),
    sa.Column("status", sa.String(16), nullable=False, default="new"),  # the stage: leads/pipeline.py
    # Routing (issue 11): desks copied besides ``desk`` ([{"desk", "reason"}]), the reply language.
    sa.Column("copies", Json),
    sa.Column("reply_lang", sa.String(8)),
    sa.Column("reply_by", sa.Date),  # the promise, in Chinese working days
    # Working the lead: 首问负责制 (owner), 五个一 (leader, department), outcome.
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("staff_users.id")),
    sa.Column("leader", sa.String(100)),
    sa.Column("department", sa.String(100)),
    sa.Column("first_response_at", When),
    sa.Column("stage_at", When),  # when the current stage was entered
    sa.Column("closed_reason", sa.String(32)),
    sa.Column("contract_amount", sa.Numeric(14, 2)),  # 万元, when signed
    sa.Column("signed_on", sa.Date),
    sa.Column("updated_at", When),
    # The investor's status link (only its hash) and their rating of the service.
    sa.Column("status_token_hash", sa.String(64), unique=True),
    sa.Column("status_revoked_at", When),
    # PIPL: personal data removed (on request, or by retention); statistics stay.
    sa.Column("erased_at", When),
    sa.Index("ix_leads_created_at", "created_at"),
    sa.Index("ix_leads_desk_status", "desk", "status"),
)

staff_users = sa.Table(
    "staff_users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),  # the login name
    sa.Column("role", sa.String(16), nullable=False),  # staff/roles.py
    sa.Column("desk", sa.String(100)),  # desk staff: the desk whose leads they work
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("must_change_password", sa.Boolean, nullable=False, default=True),
    sa.Column("password_changed_at", When),
    sa.Column("failed_logins", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", When),
    sa.Column("created_at", When, nullable=False),
    sa.Column("disabled_at", When),
    # The editor's roles besides the main one: a comma list of author, reviewer, publisher (issue 19).
    sa.Column("content_roles", sa.String(64)),
)

staff_sessions = sa.Table(  # server-side sessions: logout and expiry end them here
    "staff_sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False, index=True),
    sa.Column("created_at", When, nullable=False),
    sa.Column("seen_at", When, nullable=False),
    sa.Column("ended_at", When),
    sa.Column("address", sa.String(64)),
)

audit_log = sa.Table(  # append-only: triggers refuse updates and deletes of young rows
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", When, nullable=False, index=True),
    sa.Column("user_id", sa.Integer),
    sa.Column("user_name", sa.String(64)),
    sa.Column("address", sa.String(64)),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("object", sa.String(200)),
    sa.Column("result", sa.String(16), nullable=False),  # ok, denied, failed
    sa.Column("detail", Json),
)

lead_events = sa.Table(  # every change to a lead, timestamped: stage, owner, note, ...
    "lead_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id"), nullable=False, index=True),
    sa.Column("at", When, nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id")),
    sa.Column("kind", sa.String(16), nullable=False),  # stage, owner, leader, note, contract, ...
    sa.Column("old", sa.String(200)),
    sa.Column("new", sa.String(200)),
    sa.Column("note", sa.Text),
)

funds = sa.Table(  # 到位资金: funds actually in place, entered as they arrive
    "funds", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id"), nullable=False, index=True),
    sa.Column("arrived_on", sa.Date, nullable=False),
    sa.Column("amount", sa.Numeric(14, 2), nullable=False),  # 万元, this instalment
    sa.Column("note", sa.String(500)),
    sa.Column("entered_by", sa.Integer, sa.ForeignKey("staff_users.id")),
    sa.Column("entered_at", When, nullable=False),
)

targets = sa.Table(  # annual targets, per desk (team or office) or, with desk NULL, the county's
    "targets", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("desk", sa.String(100)),
    sa.Column("projects", sa.Integer),  # signed projects
    sa.Column("contracted", sa.Numeric(14, 2)),  # 万元
    sa.Column("funds", sa.Numeric(14, 2)),  # 万元
    sa.Column("updated_at", When, nullable=False),
    sa.UniqueConstraint("year", "desk", name="uq_targets_year_desk"),
)

feedback = sa.Table(  # the investor's rating of the service (服务反馈意见表)
    "feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id"), nullable=False, unique=True),
    sa.Column("at", When, nullable=False),
    sa.Column("desk", sa.String(100), nullable=False),
    sa.Column("scores", Json, nullable=False),  # {question: 1..5}
    sa.Column("comment", sa.Text),
)

outbox = sa.Table(
    "outbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # desk, bureau, acknowledgement
    sa.Column("message_id", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", When, nullable=False),
    sa.Column("sender", sa.String(320), nullable=False),
    sa.Column("sender_name", sa.String(200), nullable=False),
    sa.Column("recipient", sa.String(320), nullable=False),
    sa.Column("recipient_name", sa.String(200), nullable=False),
    sa.Column("reply_to", sa.String(320)),
    sa.Column("subject", sa.String(500), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, default="pending"),  # pending, sent, failed
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", When, nullable=False),
    sa.Column("claimed_until", When),
    sa.Column("sent_at", When),
    sa.Column("last_error", sa.Text),
    sa.Index("ix_outbox_due", "status", "next_attempt_at"),
)

rate_hits = sa.Table(
    "rate_hits", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("bucket", sa.String(128), nullable=False),
    sa.Column("hit_at", When, nullable=False),
    sa.Index("ix_rate_hits_bucket_hit_at", "bucket", "hit_at"),
)

partner_links = sa.Table(  # a partner's private credit links (only each token's hash), issue 13
    "partner_links", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("partner", sa.String(100), nullable=False, index=True),  # the partner desk's slug (its ref)
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", When, nullable=False),
    sa.Column("created_by", sa.String(64)),  # the staff login name, or None from the command line
    sa.Column("revoked_at", When),
    sa.Column("revoked_by", sa.String(64)),
)

content_revisions = sa.Table(  # every step of the editor's work on an item, a full snapshot each (issue 19)
    "content_revisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("section", sa.String(16), nullable=False),  # projects, parks, policies, desks, news, pages
    sa.Column("slug", sa.String(100), nullable=False),  # the item's folder name
    sa.Column("number", sa.Integer, nullable=False),  # 1, 2, 3 ... per item
    sa.Column("kind", sa.String(16), nullable=False),  # save, submit, approve, ...: editor/workflow.py
    sa.Column("state", sa.String(16), nullable=False),  # after this step: draft, submitted, approved, ...
    sa.Column("files", Json, nullable=False),  # {filename: text, or None for a file removed}
    sa.Column("base", Json),  # {filename: sha256 or None}: the files on disk when the form was opened
    sa.Column("user_id", sa.Integer),  # no foreign key: the name below outlives the account
    sa.Column("user_name", sa.String(64)),
    sa.Column("at", When, nullable=False),
    sa.Column("comment", sa.Text),  # a reviewer's opinion, a rejection's reason, an emergency's reason
    sa.Column("step", sa.Integer, nullable=False, default=0),  # approvals so far in this round
    sa.Column("publish_at", When),  # a scheduled publish of this revision ...
    sa.Column("unpublish_at", When),  # ... or unpublish of the item
    sa.Column("done_at", When),  # when the scheduled action ran (once: revisions.mark_done)
    sa.UniqueConstraint("section", "slug", "number", name="uq_content_revisions_section_slug_number"),
    sa.Index("ix_content_revisions_state", "state"),
)

search_misses = sa.Table(  # public searches that found nothing, counted per month (issue 19, item 13)
    "search_misses", metadata,
    sa.Column("month", sa.String(7), primary_key=True),  # 2026-12, China time
    sa.Column("query", sa.String(100), primary_key=True),  # folded query text; nothing about the visitor
    sa.Column("count", sa.Integer, nullable=False),
)
