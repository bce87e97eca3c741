"""Service policies say whether a renewal's card may be proven by the card-AP proof (no JPKI certificate needed);
the registry keeps the card key's fingerprint that binds that proof to a serial; a renewal records the 旧氏
(former surname) the card carries.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_policies") as batch:
        batch.add_column(sa.Column("card_ap_renewal", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("card_key_sha256", sa.String(length=64), nullable=True))
    with op.batch_alter_table("renewals") as batch:
        batch.add_column(sa.Column("former_surname", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("renewals") as batch:
        batch.drop_column("former_surname")
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("card_key_sha256")
    with op.batch_alter_table("service_policies") as batch:
        batch.drop_column("card_ap_renewal")
