"""The liaison REST paths fuzzed by schemathesis from the gateway's own OpenAPI document, against
the running stack: valid and invalid bodies, paths and queries, with good, wrong-organisation and
bad keys — the answer is never a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from deploy.local.stack import Stack

KEYS = st.sampled_from(["demo-court-key", "demo-police-key", "not-a-key", ""])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_liaison_paths_never_answer_5xx(stack: Stack, mode: GenerationMode) -> None:
    base = f"http://127.0.0.1:{stack.config.gateway_port}"
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json").include(path_regex=r"^/api/v1/liaison/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {
        "GET /api/v1/liaison/referrals",
        "GET /api/v1/liaison/referrals/{referral_id}",
        "POST /api/v1/liaison/results",
    }
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode), key=KEYS)
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def probe(case: schemathesis.Case, key: str) -> None:
            case.call_and_validate(base_url=base, headers={"X-API-Key": key}, checks=[not_a_server_error], timeout=30)

        probe()
