"""calendar: imported holiday years and days; wider policy versions ("2027.10+overrides")

Revision ID: 0003_calendar
Revises: 0002_issue4_inbox
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_calendar"
down_revision: str | None = "0002_issue4_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source_format", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("imported_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("holidays", sa.Integer(), nullable=False),
        sa.Column("workdays", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.ForeignKeyConstraint(["year"], ["calendar_year.year"]),
        sa.PrimaryKeyConstraint("day"),
    )
    with op.batch_alter_table("calendar_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_day_year"), ["year"], unique=False)
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.alter_column(
            "policy_version",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=16),
            type_=sqlmodel.sql.sqltypes.AutoString(length=32),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.alter_column(
            "policy_version",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=32),
            type_=sqlmodel.sql.sqltypes.AutoString(length=16),
            existing_nullable=False,
        )
    with op.batch_alter_table("calendar_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_day_year"))
    op.drop_table("calendar_day")
    op.drop_table("calendar_year")
