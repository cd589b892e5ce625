# SPDX-License-Identifier: MIT
"""programme rules: one rule time per database, students found by their ID number

Revision ID: 0004_programme_rules
Revises: 0004_staff_sessions_overrides

``rule_clock`` is the database's single rule-time mark (SQLite; see ``store/timekeeping.py``),
started from the latest per-station mark so that no lock gets shorter on upgrade. The index on
``students.id_number`` lets a re-import find a student by 身份证号 under a new 学号. The
programme's rules themselves live in the existing ``settings`` table (key ``programme_rules``).
"""

from alembic import op
import sqlalchemy as sa


revision = "0004_programme_rules"
down_revision = "0004_staff_sessions_overrides"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule_clock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("high_water", sa.DateTime(timezone=True), nullable=False),
        sa.Column("jump_station", sa.String(length=64), nullable=True),
        sa.Column("jump_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("jump_to", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_clock")),
    )
    op.execute(
        "INSERT INTO rule_clock (id, high_water) "
        "SELECT 1, MAX(high_water) FROM station_clock HAVING COUNT(*) > 0"
    )
    op.create_index(
        op.f("ix_students_school_id_number"), "students", ["school_id", "id_number"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_students_school_id_number"), table_name="students")
    op.drop_table("rule_clock")
