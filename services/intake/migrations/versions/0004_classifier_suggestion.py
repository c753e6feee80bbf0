"""the category suggestion beside the caseworker's final category (issue #16)

Revision ID: intake_classifier_suggestion
Revises: 0003_case_participants
Create Date: 2026-12-02 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "intake_classifier_suggestion"
down_revision: str | None = "0003_case_participants"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("suggested_category", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("suggestion_probability", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("suggestion_top", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column("model_version", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("confirmed_category", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("confirmed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("confirmed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    # Cases suggested before this revision keep their suggestion as the suggested category.
    op.execute("UPDATE dispute_case SET suggested_category = category WHERE category_source = 'suggested'")


def downgrade() -> None:
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        for column in (
            "confirmed_at",
            "confirmed_by",
            "confirmed_category",
            "model_version",
            "suggestion_top",
            "suggestion_probability",
            "suggested_category",
        ):
            batch_op.drop_column(column)
