from __future__ import annotations

from services.common.settings import CommonSettings, service_field, sqlite_url


class IntakeSettings(CommonSettings):
    port: int = service_field("intake", "port", 50051)
    database_url: str = service_field("intake", "database_url", sqlite_url("intake"))
    grace_seconds: float = 5.0
    # Prometheus /metrics of this process (0 turns it off).
    metrics_port: int = service_field("intake", "metrics_port", 9101)
    # Prefix of case numbers: DJ = 东街 (Dongjie).
    case_no_prefix: str = service_field("intake", "case_no_prefix", "DJ")
    # How often the reconciler looks for stored cases whose workflow has not started yet.
    reconcile_seconds: float = service_field("intake", "reconcile_seconds", 10.0)
    # Issue #6: a complaint about the same community, building and category within this many
    # hours joins the open case; at this many households a case is flagged a group dispute.
    duplicate_window_hours: float = service_field("intake", "duplicate_window_hours", 72.0)
    group_threshold: int = service_field("intake", "group_threshold", 5)
    # Issue #16: the category model file loaded at start (empty: the one in the repository).
    category_model: str = service_field("intake", "category_model", "")
    # Issue #19: seconds after serving before the model loads in the background. Its second of
    # CPU would otherwise compete with every other process of a warm start for the same cores; a
    # suggestion asked for sooner loads it there and then.
    category_model_delay_seconds: float = service_field("intake", "category_model_delay_seconds", 10.0, ge=0)
