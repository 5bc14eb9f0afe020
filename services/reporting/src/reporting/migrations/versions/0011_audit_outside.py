"""audit_log.outside: whether an audited record lay outside the caller's agency or area

The access watch (csp_common.access_watch) counts a caller's reads of people outside
their agency or area from this column.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 15:30:00
"""

from csp_common.migrations import add_audit_outside_column, drop_audit_outside_column

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_audit_outside_column()


def downgrade() -> None:
    drop_audit_outside_column()
