"""The tables, in SQLAlchemy Core: leads, their outgoing mail, and rate-limit hits.

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
    sa.Column("status", sa.String(16), nullable=False, default="new"),
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
