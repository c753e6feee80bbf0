"""inbox: track, escalation level and follow-up time on tasks; indexes for every inbox view

Revision ID: 0002_issue4_inbox
Revises: 0001

Each index serves one view's keyset walk (filter columns first, then the sort key and id), so a
page is an index range scan however many tasks the table holds (benchmarks/inbox.py measures it).
Partial indexes cover only active tasks: completed ones are the bulk of the table and only the
"completed" view reads them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_issue4_inbox"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIVE = sa.text("status IN ('OPEN', 'CLAIMED')")
_OPEN = sa.text("status = 'OPEN'")

# Columns the scope test of the "all" and "overdue" views and the inbox filters read: carried in
# the (partial, active-only, so small) indexes so that a page and a count are index-only scans
# (PostgreSQL INCLUDE; other databases index the key only). Free text still reads the rows.
_SCOPE = [
    "neighbourhood_code",
    "company_code",
    "assignee",
    "kind",
    "community_code",
    "track",
    "escalation_level",
    "priority",
    "case_no",
]

# name → (columns, partial-index predicate or None, included columns)
_INDEXES: dict[str, tuple[list[str], sa.TextClause | None, list[str]]] = {
    "ix_task_inbox_active_due": (["due_at", "id"], _ACTIVE, _SCOPE),
    "ix_task_inbox_open_due": (["due_at", "id"], _OPEN, []),
    "ix_task_inbox_active_priority": (["priority", "due_at", "id"], _ACTIVE, _SCOPE[:-2] + ["case_no"]),
    "ix_task_inbox_active_created": (["created_at", "id"], _ACTIVE, _SCOPE),
    "ix_task_inbox_neighbourhood_due": (["neighbourhood_code", "due_at", "id"], _ACTIVE, []),
    "ix_task_inbox_company_due": (["company_code", "due_at", "id"], _ACTIVE, []),
    "ix_task_inbox_mine": (["assignee", "status", "due_at", "id"], None, []),
    "ix_task_inbox_completed": (["completed_by", "completed_at", "id"], None, []),
}


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("track", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("escalation_level", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("follow_up_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    for name, (columns, where, include) in _INDEXES.items():
        op.create_index(
            name, "task", columns, postgresql_where=where, sqlite_where=where, postgresql_include=include
        )
    with op.batch_alter_table("task_candidate_group", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("task_status", sa.String(length=12), nullable=False, server_default="OPEN")
        )
        batch_op.add_column(sa.Column("due_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute(
        "UPDATE task_candidate_group SET "
        "task_status = (SELECT status FROM task WHERE task.id = task_candidate_group.task_id), "
        "due_at = (SELECT due_at FROM task WHERE task.id = task_candidate_group.task_id)"
    )
    # The group view's page and count: one range of this index per group, already in due order.
    op.create_index(
        "ix_task_candidate_group_inbox",
        "task_candidate_group",
        ["group_code", "task_status", "due_at", "task_id"],
    )
    # Probing one task's membership (walking the inbox in due order) without reading the row.
    op.create_index(
        "ix_task_candidate_group_probe",
        "task_candidate_group",
        ["task_id", "group_code"],
        postgresql_include=["task_status"],
    )


def downgrade() -> None:
    op.drop_index("ix_task_candidate_group_probe", table_name="task_candidate_group")
    op.drop_index("ix_task_candidate_group_inbox", table_name="task_candidate_group")
    with op.batch_alter_table("task_candidate_group", schema=None) as batch_op:
        batch_op.drop_column("due_at")
        batch_op.drop_column("task_status")
    for name in reversed(list(_INDEXES)):
        op.drop_index(name, table_name="task")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("follow_up_at")
        batch_op.drop_column("escalation_level")
        batch_op.drop_column("track")
