"""console: saved inbox filters per user (the audit table is issue #8's hash-chained one)

Revision ID: 0002_issue4_console
Revises: 0002_issue6_api_keys
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_issue4_console"
down_revision: str | None = "0002_issue6_api_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_filter",
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("view", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("query_json", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", "name"),
    )


def downgrade() -> None:
    op.drop_table("saved_filter")
