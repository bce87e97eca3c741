"""J-LIS behind a port and the custody of produced cards (issue 23): the batches sent to J-LIS, each
application's J-LIS state and delivery, the feed updates already applied, the cards held by the offices, and the
offices' stocktakes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "jlis_batches",
        sa.Column("batch_id", sa.String(length=40), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("applications", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("batch_id"),
    )
    op.create_table(
        "jlis_applications",
        sa.Column("application_number", sa.String(length=20), nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.String(length=40), nullable=True),
        sa.Column("updated_at", ts, nullable=False),
        sa.ForeignKeyConstraint(["application_number"], ["renewals.application_number"]),
        sa.ForeignKeyConstraint(["batch_id"], ["jlis_batches.batch_id"]),
        sa.PrimaryKeyConstraint("application_number"),
    )
    op.create_index("ix_jlis_applications_batch", "jlis_applications", ["batch_id"])
    op.create_index("ix_jlis_applications_delivery", "jlis_applications", ["delivery_id"])
    op.create_table(
        "jlis_updates",
        sa.Column("update_id", sa.String(length=64), nullable=False),
        sa.Column("feed_id", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("applied_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_table(
        "card_custody",
        sa.Column("application_number", sa.String(length=20), nullable=False),
        sa.Column("delivery_id", sa.String(length=40), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "received",
                "stored",
                "handed_over",
                "returned",
                "destroyed",
                name="custodystate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("location", sa.String(length=64), nullable=True),
        sa.Column("received_at", ts, nullable=False),
        sa.Column("stored_at", ts, nullable=True),
        sa.Column("closed_at", ts, nullable=True),
        sa.Column(
            "identity_document",
            sa.Enum(
                "my_number_card",
                "driving_licence",
                "passport",
                "residence_card",
                "other_photo_id",
                name="identitydocument",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("face_compared", sa.Boolean(), nullable=True),
        sa.Column("closed_by_staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["application_number"], ["renewals.application_number"]),
        sa.ForeignKeyConstraint(["site_id"], ["sites.site_id"]),
        sa.ForeignKeyConstraint(["closed_by_staff_id"], ["staff_accounts.staff_id"]),
        sa.PrimaryKeyConstraint("application_number"),
    )
    op.create_index("ix_card_custody_site_state", "card_custody", ["site_id", "state"])
    op.create_table(
        "inventory_counts",
        sa.Column("count_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("at", ts, nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("unexpected", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.site_id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_accounts.staff_id"]),
        sa.PrimaryKeyConstraint("count_id"),
    )
    op.create_index("ix_inventory_counts_site_at", "inventory_counts", ["site_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_inventory_counts_site_at", table_name="inventory_counts")
    op.drop_table("inventory_counts")
    op.drop_index("ix_card_custody_site_state", table_name="card_custody")
    op.drop_table("card_custody")
    op.drop_table("jlis_updates")
    op.drop_index("ix_jlis_applications_delivery", table_name="jlis_applications")
    op.drop_index("ix_jlis_applications_batch", table_name="jlis_applications")
    op.drop_table("jlis_applications")
    op.drop_table("jlis_batches")
