"""The whole HTTP API fuzzed by schemathesis from the gateway's own OpenAPI document, against the
running stack, as a caseworker and as admin, valid and invalid data (issue #18): no answer is a
5xx and every status is one the document declares. A small budget here; the ≥ 20,000-request run
is benchmarks/api_fuzz.py."""

from __future__ import annotations

import os

from benchmarks.api_fuzz import fuzz
from deploy.local.stack import Stack

# Requests per operation, caller and mode: 66 operations × 2 callers × 2 modes × 4, about 700 sent
# (hypothesis stops early where an operation has few distinct inputs).
EXAMPLES = int(os.environ.get("FENGQIAO_FUZZ_EXAMPLES", "4"))


def test_the_whole_document_answers_no_5xx_and_nothing_undocumented(stack: Stack) -> None:
    base = f"http://127.0.0.1:{stack.config.gateway_port}"
    tally = fuzz(base, ["xiadong.caseworker", "admin"], EXAMPLES)
    print(tally.summary())
    print("\n".join(tally.undocumented))
    assert tally.requests >= 66 * 2 * EXAMPLES
    assert tally.server_errors == []
    assert tally.undocumented == []
