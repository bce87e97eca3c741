"""The office's records on an application (issue 23): a pop-up application's identity attestation (which document,
face compared) and a minor's legal representative (name sealed, relationship, document checked).

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "renewal_attestations",
        sa.Column("application_number", sa.String(length=20), nullable=False),
        sa.Column("document", sa.String(length=32), nullable=False),
        sa.Column("face_compared", sa.Boolean(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_number"], ["renewals.application_number"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_accounts.staff_id"]),
        sa.PrimaryKeyConstraint("application_number"),
    )
    op.create_table(
        "legal_representatives",
        sa.Column("application_number", sa.String(length=20), nullable=False),
        sa.Column("sealed_name", sa.LargeBinary(), nullable=False),
        sa.Column("relationship", sa.String(length=32), nullable=False),
        sa.Column("document", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_number"], ["renewals.application_number"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_accounts.staff_id"]),
        sa.PrimaryKeyConstraint("application_number"),
    )


def downgrade() -> None:
    op.drop_table("legal_representatives")
    op.drop_table("renewal_attestations")
