"""The whole HTTP API fuzzed by schemathesis from the gateway's own OpenAPI document, against the
running stack, as a caseworker and as admin, valid and invalid data (issue #18): no answer is a
5xx and every status is one the document declares. A small budget here; the ≥ 20,000-request run
is benchmarks/api_fuzz.py."""

from __future__ import annotations

import os

from benchmarks.api_fuzz import fuzz, sign_in
from deploy.local.stack import Stack

# Requests per operation, caller and mode: 63 operations × 2 × 2 × 4 ≈ 1,000 requests.
EXAMPLES = int(os.environ.get("FENGQIAO_FUZZ_EXAMPLES", "4"))


def test_the_whole_document_answers_no_5xx_and_nothing_undocumented(stack: Stack) -> None:
    base = f"http://127.0.0.1:{stack.config.gateway_port}"
    callers = {user: sign_in(base, user) for user in ("xiadong.caseworker", "admin")}
    tally = fuzz(base, callers, EXAMPLES)
    print(tally.summary())
    print("\n".join(tally.undocumented))
    assert tally.requests >= 63 * 4 * EXAMPLES // 2
    assert tally.server_errors == []
    assert tally.undocumented == []
