"""Reliability (issue 18): a challenge records when it was issued, so its expiry is checked against the issue time
in both directions and a backend clock stepped back cannot stretch it (challenges from before this revision have
no issue time and are refused: they live two minutes); a card-AP card session records the chip's card key, which
verifies the card's signature over a renewal delivered after the session expired (backend/late_delivery.py).

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("card_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_key", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("card_sessions", schema=None) as batch_op:
        batch_op.drop_column("card_key")
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.drop_column("issued_at")
