"""Leads, their outgoing mail (outbox) and rate-limit hits.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")
When = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(32)),
        sa.Column("submission_key", sa.String(64), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("company", sa.String(200)),
        sa.Column("email", sa.String(320)),
        sa.Column("phone", sa.String(32)),
        sa.Column("wechat", sa.String(64)),
        sa.Column("region", sa.String(16)),
        sa.Column("industry", sa.String(64)),
        sa.Column("item", sa.String(200)),
        sa.Column("answers", Json, nullable=False),
        sa.Column("desk", sa.String(100), nullable=False),
        sa.Column("routed_by", sa.String(16), nullable=False),
        sa.Column("source_page", sa.String(500)),
        sa.Column("ref", sa.String(64)),
        sa.Column("client_address", sa.String(64)),
        sa.Column("consent_at", When, nullable=False),
        sa.Column("consent_version", sa.String(32), nullable=False),
        sa.Column("consent_share", sa.Boolean, nullable=False),
        sa.Column("consent_newsletter", sa.Boolean, nullable=False),
        sa.Column("needs_attention", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_leads"),
        sa.UniqueConstraint("reference", name="uq_leads_reference"),
        sa.UniqueConstraint("submission_key", name="uq_leads_submission_key"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lead_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("sender_name", sa.String(200), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("recipient_name", sa.String(200), nullable=False),
        sa.Column("reply_to", sa.String(320)),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", When, nullable=False),
        sa.Column("claimed_until", When),
        sa.Column("sent_at", When),
        sa.Column("last_error", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name="fk_outbox_lead_id_leads"),
        sa.UniqueConstraint("message_id", name="uq_outbox_message_id"),
    )
    op.create_index("ix_outbox_lead_id", "outbox", ["lead_id"])
    op.create_index("ix_outbox_due", "outbox", ["status", "next_attempt_at"])
    op.create_table(
        "rate_hits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("bucket", sa.String(128), nullable=False),
        sa.Column("hit_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rate_hits"),
    )
    op.create_index("ix_rate_hits_bucket_hit_at", "rate_hits", ["bucket", "hit_at"])


def downgrade():
    op.drop_table("rate_hits")
    op.drop_table("outbox")
    op.drop_table("leads")
