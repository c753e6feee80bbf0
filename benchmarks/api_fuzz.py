"""Generated input over the whole HTTP API (issue #18): schemathesis draws requests from the
gateway's own /openapi.json — every operation, valid (positive) and invalid (negative) data — and
sends them as each caller given; every answer must be documented and none a 5xx.

    .venv/bin/python -m benchmarks.api_fuzz [--examples 130]

Starts the embedded stack (Temporal dev server, three services, worker, gateway; SQLite; random
ports) in a temporary folder, signs in as a caseworker and as admin, and sends up to `examples`
requests per operation, caller and mode (hypothesis stops early where an operation has few distinct
inputs: 130 gives about 21,000 requests). Generated callers speak from one documentation address
through the stack's trusted proxy, so their rate limits and sign-in failures are theirs alone.
Prints the request count, the answers by status, every 5xx and every undocumented status with the
request that caused it. tests/e2e/test_api_fuzz.py runs the same `fuzz` with a small budget in
`make test`; this script is the ≥ 20,000-request run before a release.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Ok
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import expand_status_codes

from deploy.local.stack import Stack, StackConfig

PASSWORD = "fengqiao-demo"
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
# Generated callers come from this documentation address (RFC 5737) through the gateway's trusted
# proxy, so their rate-limit buckets and sign-in failures are theirs and no other caller's.
FUZZ_CLIENT = "192.0.2.18"
SIGNS_OUT = {"POST /api/v1/auth/logout"}


@dataclass
class Tally:
    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    undocumented: list[str] = field(default_factory=list)

    def summary(self) -> str:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.by_status.items()))
        return (
            f"{self.requests} requests; 5xx: {len(self.server_errors)}; "
            f"undocumented statuses: {len(self.undocumented)}; by status: {statuses}"
        )


def sign_in(base: str, username: str) -> dict[str, str]:
    reply = requests.post(f"{base}/api/v1/auth/token", data={"username": username, "password": PASSWORD}, timeout=30)
    reply.raise_for_status()
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


def fuzz(base: str, callers: list[str], examples: int) -> Tally:
    """Sends up to `examples` generated requests per operation, user signed in and mode; never
    raises on an answer, it counts them."""
    tally = Tally()
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    session = requests.Session()  # keep-alive, so a connection reset after an error shows too
    # One sign-in per caller for the whole run: each costs the gateway an argon2 hash (about a
    # second on a loaded machine), and one per operation was a third of the run.
    tokens = {caller: sign_in(base, caller) for caller in callers}
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            raise result.err()  # the document itself is broken
        operation = result.ok()
        for caller in callers:
            headers = _credentials(base, caller, tokens[caller], signs_out=operation.label in SIGNS_OUT)
            for mode in MODES:
                _probe(tally, session, base, operation, mode, caller, headers, examples)
    return tally


def _credentials(base: str, caller: str, token: dict[str, str], *, signs_out: bool) -> Callable[[], dict[str, str]]:
    """The caller's bearer header for each request: its one token for everything, except that
    signing out ends the token it is sent with, so each sign-out gets a session of its own."""
    if signs_out:
        return lambda: sign_in(base, caller)
    return lambda: token


def _probe(
    tally: Tally,
    session: requests.Session,
    base: str,
    operation: APIOperation,
    mode: GenerationMode,
    caller: str,
    headers: Callable[[], dict[str, str]],
    examples: int,
) -> None:
    documented = expand_status_codes(operation.responses.status_codes)  # "4XX" stands for 400–499

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        phases=[Phase.explicit, Phase.generate],
        verbosity=Verbosity.quiet,
    )
    def probe(case: schemathesis.Case) -> None:
        tally.requests += 1
        try:
            sent = headers() | {"X-Forwarded-For": FUZZ_CLIENT}
            response = case.call(base_url=base, session=session, headers=sent, timeout=60)
        except requests.ConnectionError as exc:
            tally.server_errors.append(f"{caller} {operation.label}: connection failed: {exc}")
            return
        tally.by_status[response.status_code] += 1
        where = f"{caller} {case.method} {response.request.url}"
        if response.status_code >= 500:
            tally.server_errors.append(f"{where} → {response.status_code} {response.text[:300]}")
        elif response.status_code not in documented:
            tally.undocumented.append(f"{where} → {response.status_code} {response.text[:200]}")

    # Unsatisfiable: nothing of the operation can be made invalid (no parameters, no body).
    with contextlib.suppress(Unsatisfiable):
        probe()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=130, help="requests per operation, caller and mode")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        config = StackConfig.random_ports(
            Path(folder), temporal_ui=False, extra_env={"FENGQIAO_GATEWAY_TRUSTED_PROXIES": "127.0.0.1"}
        )
        stack = Stack(config)
        stack.start(seed=True)
        try:
            base = f"http://127.0.0.1:{config.gateway_port}"
            callers = ["xiadong.caseworker", "admin"]
            started = time.perf_counter()
            tally = fuzz(base, callers, args.examples)
            elapsed = time.perf_counter() - started
        finally:
            stack.stop()
    print(f"{tally.summary()}; {elapsed:.0f} s ({tally.requests / elapsed:.0f} requests/s)")
    for line in tally.server_errors[:50] + tally.undocumented[:50]:
        print(" ", line)
    return 1 if tally.server_errors or tally.undocumented else 0


if __name__ == "__main__":
    sys.exit(main())
