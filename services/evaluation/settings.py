from __future__ import annotations

from services.common.settings import CommonSettings, service_field, sqlite_url


class EvaluationSettings(CommonSettings):
    port: int = service_field("evaluation", "port", 50053)
    database_url: str = service_field("evaluation", "database_url", sqlite_url("evaluation"))
    grace_seconds: float = 5.0
    # Prometheus /metrics of this process (0 turns it off).
    metrics_port: int = service_field("evaluation", "metrics_port", 9103)
    # A takeover's probation in seconds instead of days (e2e stacks on a real clock); 0 in production.
    takeover_probation_seconds: int = service_field("evaluation", "takeover_probation_seconds", 0, ge=0)
