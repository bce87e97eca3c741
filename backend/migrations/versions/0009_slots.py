"""Pick-up slots with capacity and the expiry forecast (issue 23): each issuing office's calendar (opening hours
per weekday, holidays, slot length, places per slot, how many days ahead booking starts), the places booked per
slot, which office an application's slot is at, and the dates the card registry needs for the renewal forecast
(issue date, card and certificate expiry, whether it is a minor's card: computed at registration from the card's
own data, so no birth date is kept).

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pickup_offices",
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_id"),
    )
    op.create_index("ix_pickup_offices_municipality", "pickup_offices", ["municipality_code"])
    op.create_table(
        "pickup_hours",
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens_min", sa.Integer(), nullable=False),
        sa.Column("closes_min", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["pickup_offices.office_id"]),
        sa.PrimaryKeyConstraint("office_id", "weekday"),
    )
    op.create_table(
        "pickup_holidays",
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["pickup_offices.office_id"]),
        sa.PrimaryKeyConstraint("office_id", "day"),
    )
    op.create_table(
        "pickup_bookings",
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["pickup_offices.office_id"]),
        sa.PrimaryKeyConstraint("office_id", "starts_at"),
    )
    with op.batch_alter_table("renewals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pickup_office_id", sa.String(length=64), nullable=True))
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issued_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("card_expires_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("certificates_expire_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("minor_card", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_column("minor_card")
        batch_op.drop_column("certificates_expire_on")
        batch_op.drop_column("card_expires_on")
        batch_op.drop_column("issued_on")
    with op.batch_alter_table("renewals", schema=None) as batch_op:
        batch_op.drop_column("pickup_office_id")
    op.drop_table("pickup_bookings")
    op.drop_table("pickup_holidays")
    op.drop_table("pickup_hours")
    op.drop_index("ix_pickup_offices_municipality", table_name="pickup_offices")
    op.drop_table("pickup_offices")
