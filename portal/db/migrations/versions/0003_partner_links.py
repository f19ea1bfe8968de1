"""Partners' private credit links: one row per link, only the token's hash stored, revocable.

No foreign key to staff accounts: the issuer is kept by login name, so that removing accounts
never touches the links (and the links never stop an account's removal).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

When = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "partner_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("partner", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("created_by", sa.String(64)),
        sa.Column("revoked_at", When),
        sa.Column("revoked_by", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_partner_links"),
        sa.UniqueConstraint("token_hash", name="uq_partner_links_token_hash"),
    )
    op.create_index("ix_partner_links_partner", "partner_links", ["partner"])


def downgrade():
    op.drop_index("ix_partner_links_partner", table_name="partner_links")
    op.drop_table("partner_links")
