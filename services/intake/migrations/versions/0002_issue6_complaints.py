"""complaints per case, building, households, group flag, deadline (issue #6)

Revision ID: 0002_issue6_complaints
Revises: 0001
Create Date: 2026-11-29 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_issue6_complaints"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("building", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("households", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("complaint_count", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("is_group_dispute", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("due_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "category_source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="given"
            )
        )
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        # The duplicate check looks up open cases by these four.
        batch_op.create_index(
            "ix_dispute_case_duplicate_key", ["community_code", "building", "category", "status"], unique=False
        )
        batch_op.create_index("ix_dispute_case_created_at", ["created_at"], unique=False)

    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_no", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("receipt_no", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("channel_ref", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("external_ref", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("idempotency_scope", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("request_fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("complainant_name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("complainant_phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("content", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("building", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("channel_fields", sa.JSON(), nullable=False),
        sa.Column("joined_existing", sa.Boolean(), nullable=False),
        sa.Column("notice", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("filed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_no"], ["dispute_case.case_no"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt_no"),
        sa.UniqueConstraint("token"),
        sa.UniqueConstraint("channel_ref"),
        sa.UniqueConstraint("idempotency_scope"),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_case_no", ["case_no"], unique=False)
        batch_op.create_index("ix_complaint_complainant_phone", ["complainant_phone"], unique=False)

    # Every case filed before this revision had exactly one complaint: give it its row.
    op.execute(
        "INSERT INTO complaint (case_no, receipt_no, token, channel, channel_ref, external_ref, idempotency_scope,"
        " request_fingerprint, complainant_name, complainant_phone, address, content, building, channel_fields,"
        " joined_existing, notice, filed_by, received_at, created_at)"
        " SELECT case_no, receipt_no, 'T-' || case_no, channel, NULL, '', idempotency_scope, request_fingerprint,"
        " complainant_name, complainant_phone, address, content, 0, '{}', false, '', filed_by, created_at, created_at"
        " FROM dispute_case"
    )


def downgrade() -> None:
    op.drop_table("complaint")
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_index("ix_dispute_case_created_at")
        batch_op.drop_index("ix_dispute_case_duplicate_key")
        for column in (
            "longitude",
            "latitude",
            "category_source",
            "due_at",
            "is_group_dispute",
            "complaint_count",
            "households",
            "building",
        ):
            batch_op.drop_column(column)
