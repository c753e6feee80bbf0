"""Liveness and readiness answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class HealthPublic(BaseModel):
    status: Literal["ok"]


class ReadinessPublic(BaseModel):
    """Ready (200) when every check passes; 503 with the same body otherwise."""

    ready: bool
    checks: dict[str, bool] = Field(description="database, intake, mediation, evaluation, temporal → up")
