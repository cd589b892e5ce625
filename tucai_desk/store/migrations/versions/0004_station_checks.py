# SPDX-License-Identifier: MIT
"""station checks: the readiness check's reports and the dismissals of its banner

Revision ID: 0004_station_checks
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_station_checks"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_station_checks_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_checks")),
    )
    op.create_index(
        op.f("ix_station_checks_station_id"), "station_checks", ["station_id"], unique=False
    )
    op.create_table(
        "station_check_dismissals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_station_check_dismissals_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_check_dismissals")),
    )
    op.create_index(
        op.f("ix_station_check_dismissals_station_id"),
        "station_check_dismissals",
        ["station_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_station_check_dismissals_station_id"), table_name="station_check_dismissals"
    )
    op.drop_table("station_check_dismissals")
    op.drop_index(op.f("ix_station_checks_station_id"), table_name="station_checks")
    op.drop_table("station_checks")
