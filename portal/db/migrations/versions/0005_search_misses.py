"""The searches visitors made that found nothing (issue 19, item 13): one counter per month and
query text, so that staff can add the words visitors use to the synonym groups.

Nothing about the visitor is kept: no address, no time finer than the month, no session; the
query text is stored folded (NFKC, case, spaces) and only when it does not look like a phone
number, an identity number or an e-mail address (portal/search/views.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_misses",
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("query", sa.String(100), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("month", "query", name="pk_search_misses"),
    )


def downgrade():
    op.drop_table("search_misses")
