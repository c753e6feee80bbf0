"""The worker's cache of open workflows is a setting (issue 19): sized to the open cases a replica
holds, refused when it could hold none."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from workflows.worker import WorkerSettings


def test_the_cache_size_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert WorkerSettings().cache_size == 1000
    monkeypatch.setenv("FENGQIAO_WORKER_CACHE_SIZE", "12000")
    assert WorkerSettings().cache_size == 12000
    monkeypatch.setenv("FENGQIAO_WORKER_CACHE_SIZE", "0")
    with pytest.raises(ValidationError, match="FENGQIAO_WORKER_CACHE_SIZE"):
        WorkerSettings()
