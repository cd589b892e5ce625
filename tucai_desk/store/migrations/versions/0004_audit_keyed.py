# SPDX-License-Identifier: MIT
"""audit keyed: the chain written so far is to be sealed under the installation's audit key

Revision ID: 0004_audit_keyed
Revises: 0004_programme_rules
Create Date: 2026-12-07 13:10:00

No table changes. A database that already holds audit records (plain SHA-256 hashes, schema
0001–0003) is marked ``audit_keyed = {"state": "pending"}``: the first station that starts with
the key seals the old chain with one keyed, audited ``chain_keyed`` record naming the old head
(``store.audit_log``). A migration cannot seal it itself: the key is kept outside the database.
An empty chain needs no seal; its first record is keyed.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_audit_keyed'
down_revision = '0004_programme_rules'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    audit = sa.table('audit', sa.column('seq', sa.Integer))
    settings = sa.table('settings', sa.column('key', sa.String), sa.column('value', sa.JSON))
    if bind.execute(sa.select(audit.c.seq).limit(1)).first() is None:
        return
    bind.execute(sa.delete(settings).where(settings.c.key == 'audit_keyed'))
    bind.execute(sa.insert(settings).values(key='audit_keyed', value={'state': 'pending'}))


def downgrade() -> None:
    # The keyed records stay; a program at 0003 reads them as a broken (plain) chain.
    settings = sa.table('settings', sa.column('key', sa.String))
    op.get_bind().execute(sa.delete(settings).where(settings.c.key == 'audit_keyed'))
