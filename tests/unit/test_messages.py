"""Messages filled from rows by field name (services/common/messages.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from fengqiao.evaluation.v1 import evaluation_pb2

from services.common.messages import message_from
from services.common.timestamps import timestamp
from services.evaluation.models import CompanyResult, Notice


def test_fields_come_from_the_row_by_name_and_given_values_win() -> None:
    row = Notice(
        id="N-1", kind="NOTICE", company_code="PC-A", title="通报", body="正文", published_at=datetime.now(UTC)
    )
    message = message_from(evaluation_pb2.Notice, row, title="另一个标题")
    assert (message.id, message.kind, message.company_code, message.body) == ("N-1", "NOTICE", "PC-A", "正文")
    assert message.title == "另一个标题"
    assert message.subdistrict_code == ""  # the row's default, not a missing field


def test_datetimes_become_timestamps_naive_ones_read_as_utc() -> None:
    naive = datetime(2026, 7, 1, 8, 30)
    assert message_from(evaluation_pb2.Notice, None, published_at=naive).published_at == timestamp(naive)
    shanghai = datetime(2026, 7, 1, 16, 30, tzinfo=timezone(timedelta(hours=8)))
    assert timestamp(shanghai) == timestamp(naive)
    assert timestamp(None) is None


def test_none_leaves_a_field_unset_so_optional_fields_stay_absent() -> None:
    row = CompanyResult(review_id="R", company_code="PC-A", grade="GOOD", standing="NONE", peer_score=0.0)
    message = message_from(evaluation_pb2.CompanyScore, row, standing=evaluation_pb2.LIST_STANDING_NONE)
    assert message.HasField("peer_score") and message.peer_score == 0.0
    assert not message.HasField("resident_score") and not message.HasField("combined")


def test_an_enum_stored_by_another_name_is_refused_not_guessed() -> None:
    row = CompanyResult(review_id="R", company_code="PC-A", grade="GOOD", standing="RED")
    with pytest.raises(ValueError):
        message_from(evaluation_pb2.CompanyScore, row)
