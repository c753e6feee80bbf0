"""organisations taking part in a case (professional mediation panels)

Revision ID: 0003_case_participants
Revises: 0002_issue6_complaints
Create Date: 2026-11-29 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_case_participants"
down_revision: str | None = "0002_issue6_complaints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_participant",
        sa.Column("case_no", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("org_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_no"], ["dispute_case.case_no"]),
        sa.PrimaryKeyConstraint("case_no", "org_code"),
    )
    op.create_index("ix_case_participant_org_code", "case_participant", ["org_code"])


def downgrade() -> None:
    op.drop_index("ix_case_participant_org_code", table_name="case_participant")
    op.drop_table("case_participant")
