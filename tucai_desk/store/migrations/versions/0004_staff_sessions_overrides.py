# SPDX-License-Identifier: MIT
"""staff sessions, head-cover overrides and the painted-clothing flag of drafts

Revision ID: 0004_staff_sessions_overrides
Revises: 0004_station_checks

``staff_sessions``: a signed-in staff member, re-checked on every staff action (disabled account,
changed role, idle time, the last password entry). ``head_cover_overrides``: an admin's
permission for a religious head covering, revoked rather than deleted. ``drafts`` gain
``clothing_extended`` (production painted clothing) and ``head_cover_allowed`` (the override's
reason when the photo passed by it).
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_staff_sessions_overrides'
down_revision = '0004_station_checks'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_sessions',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('station_id', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('authenticated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_active_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_sessions_staff_id_staff')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_staff_sessions'))
    )
    op.create_index(op.f('ix_staff_sessions_staff_id'), 'staff_sessions', ['staff_id'], unique=False)
    op.create_table('head_cover_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('granted_by', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_by', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['granted_by'], ['staff.id'], name=op.f('fk_head_cover_overrides_granted_by_staff')),
    sa.ForeignKeyConstraint(['revoked_by'], ['staff.id'], name=op.f('fk_head_cover_overrides_revoked_by_staff')),
    sa.ForeignKeyConstraint(['student_id'], ['students.id'], name=op.f('fk_head_cover_overrides_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_head_cover_overrides'))
    )
    op.create_index(op.f('ix_head_cover_overrides_student_id'), 'head_cover_overrides', ['student_id'], unique=False)
    # Plain ADD COLUMN (no table copy on SQLite: uploads refer to drafts).
    op.add_column('drafts', sa.Column('clothing_extended', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('drafts', sa.Column('head_cover_allowed', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('drafts') as batch:
        batch.drop_column('head_cover_allowed')
        batch.drop_column('clothing_extended')
    op.drop_index(op.f('ix_head_cover_overrides_student_id'), table_name='head_cover_overrides')
    op.drop_table('head_cover_overrides')
    op.drop_index(op.f('ix_staff_sessions_staff_id'), table_name='staff_sessions')
    op.drop_table('staff_sessions')
