"""`make run`: the whole embedded stack in one command; Ctrl-C stops every process."""

from __future__ import annotations

import os
import signal
import sys
import time

from deploy.local.stack import ROOT, Stack, StackConfig


def main() -> None:
    config = StackConfig(
        data_dir=ROOT / ".data",
        gateway_port=int(os.environ.get("FENGQIAO_GATEWAY_PORT", 8000)),
        external_temporal=os.environ.get("FENGQIAO_EXTERNAL_TEMPORAL") or None,
    )
    stack = Stack(config)
    print("starting Temporal, setup, services, worker and gateway …", flush=True)
    stack.start(seed=True)
    gw = f"http://127.0.0.1:{config.gateway_port}"
    print(
        f"""
Fengqiao is up.
  console      {gw}/
  API docs     {gw}/docs
  Temporal UI  http://127.0.0.1:{config.temporal_ui_port}  (Temporal at {config.temporal_address})
  demo users   xiadong.caseworker, dongjie.center, company.admin, ops, admin …  password fengqiao-demo
Press Ctrl-C to stop.""",
        flush=True,
    )
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stopping:
            for name, proc in stack.procs:
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; stopping everything", file=sys.stderr)
                    stopping = True
            time.sleep(0.5)
    finally:
        print("stopping …", flush=True)
        stack.stop()
        print("stopped.", flush=True)


if __name__ == "__main__":
    main()
