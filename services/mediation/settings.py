from __future__ import annotations

from services.common.settings import CommonSettings, service_field, sqlite_url


class MediationSettings(CommonSettings):
    port: int = service_field("mediation", "port", 50052)
    database_url: str = service_field("mediation", "database_url", sqlite_url("mediation"))
    grace_seconds: float = 5.0
    # Prometheus /metrics of this process (0 turns it off).
    metrics_port: int = service_field("mediation", "metrics_port", 9102)
    # Deadline rules replacing the policy file's, as JSON (end-to-end runs of multi-day stories).
    policy_overrides: str = service_field("mediation", "policy_overrides", "")
    # Compressed time for a simulation run (simulator/README.md): every deadline's distance divided
    # by this, recorded in each task's policy version ("2026.2-sim×1440"). 1 in real operation.
    time_scale: int = service_field("mediation", "time_scale", 1, ge=1)
    # Under a time scale, the fewest real seconds any deadline gives (recorded in the version:
    # "2026.2-sim×14400≥20s"): a simulated person's answer takes real network seconds. 0: no floor.
    sim_min_deadline_seconds: int = service_field("mediation", "sim_min_deadline_seconds", 0, ge=0)
