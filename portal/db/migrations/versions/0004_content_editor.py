"""The content editor (issue 19): every revision of an item (a full snapshot of its text files,
with who, when, the review step and any schedule), and the content roles of staff accounts.

No foreign key to staff accounts: a revision keeps its author's login name beside the id, so the
record of who wrote, approved and published stays readable after an account goes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")
When = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "content_revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("section", sa.String(16), nullable=False),
        sa.Column("slug", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("files", Json, nullable=False),
        sa.Column("base", Json),
        sa.Column("user_id", sa.Integer),
        sa.Column("user_name", sa.String(64)),
        sa.Column("at", When, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("publish_at", When),
        sa.Column("unpublish_at", When),
        sa.Column("done_at", When),
        sa.PrimaryKeyConstraint("id", name="pk_content_revisions"),
        sa.UniqueConstraint("section", "slug", "number", name="uq_content_revisions_section_slug_number"),
    )
    op.create_index("ix_content_revisions_state", "content_revisions", ["state"])
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("content_roles", sa.String(64)))


def downgrade():
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("content_roles")
    op.drop_index("ix_content_revisions_state", table_name="content_revisions")
    op.drop_table("content_revisions")
