"""liaison (issue #5): referrals, liaison results, webhook endpoints and attempts

Revision ID: 0003_liaison
Revises: 0003_calendar
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_liaison"
down_revision: str | None = "0003_calendar"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
_T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "referral",
        sa.Column("referral_id", _S(length=120), nullable=False),
        sa.Column("workflow_id", _S(length=120), nullable=False),
        sa.Column("case_no", _S(length=32), nullable=False),
        sa.Column("organisation_code", _S(length=32), nullable=False),
        sa.Column("purpose", _S(length=32), nullable=False),
        sa.Column("summary", _S(length=4000), nullable=False),
        sa.Column("agreement_text", _S(length=20000), nullable=False),
        sa.Column("documents_json", _S(length=8000), nullable=False),
        sa.Column("status", _S(length=12), nullable=False),
        sa.Column("referred_at", _T(), nullable=False),
        sa.Column("closed_at", _T(), nullable=True),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_index("ix_referral_case_no", "referral", ["case_no"])
    # The pull list: an organisation's waiting referrals in the order they came.
    op.create_index("ix_referral_waiting", "referral", ["organisation_code", "status", "referred_at", "referral_id"])
    op.create_table(
        "liaison_result",
        sa.Column("organisation_code", _S(length=32), nullable=False),
        sa.Column("message_id", _S(length=100), nullable=False),
        sa.Column("referral_id", _S(length=120), nullable=False),
        sa.Column("payload_hash", _S(length=64), nullable=False),
        sa.Column("kind", _S(length=40), nullable=False),
        sa.Column("reference_no", _S(length=64), nullable=False),
        sa.Column("outcome", _S(length=40), nullable=False),
        sa.Column("reason", _S(length=1000), nullable=False),
        sa.Column("response_json", _S(length=2000), nullable=False),
        sa.Column("received_at", _T(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.referral_id"]),
        sa.PrimaryKeyConstraint("organisation_code", "message_id"),
    )
    op.create_index("ix_liaison_result_referral_id", "liaison_result", ["referral_id"])
    op.create_table(
        "webhook_endpoint",
        sa.Column("organisation_code", _S(length=32), nullable=False),
        sa.Column("url", _S(length=500), nullable=False),
        sa.Column("secret", _S(length=600), nullable=False),
        sa.Column("updated_by", _S(length=64), nullable=False),
        sa.Column("updated_at", _T(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_code"),
    )
    op.create_table(
        "webhook_attempt",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("delivery_id", _S(length=120), nullable=False),
        sa.Column("referral_id", _S(length=120), nullable=False),
        sa.Column("organisation_code", _S(length=32), nullable=False),
        sa.Column("url", _S(length=500), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("outcome", _S(length=16), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("error", _S(length=500), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("attempted_at", _T(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_webhook_attempt_delivery_id", "webhook_attempt", ["delivery_id"])
    op.create_index("ix_webhook_attempt_referral_id", "webhook_attempt", ["referral_id"])
    op.create_index("ix_webhook_attempt_attempted_at", "webhook_attempt", ["attempted_at"])


def downgrade() -> None:
    op.drop_table("webhook_attempt")
    op.drop_table("webhook_endpoint")
    op.drop_table("liaison_result")
    op.drop_table("referral")
