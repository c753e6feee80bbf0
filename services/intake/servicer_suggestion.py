"""The category suggestion at the gRPC edge (issue #16): a suggestion for a text, and how often
suggestions matched the caseworker's final category, per month."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from fengqiao.intake.v1 import intake_pb2
from grpc import aio
from sqlmodel import col, select
from sqlmodel.sql.expression import Select

from services.common import scope
from services.common.clock import SHANGHAI
from services.common.db import Database
from services.common.errors import InvalidInput
from services.common.grpc_server import current_identity, require_role
from services.intake.case_pb import score_pb
from services.intake.catalogue import categories
from services.intake.channels import ONLINE
from services.intake.classifier import current_model, suggest_category
from services.intake.models import Case
from services.intake.servicer_filing import check_may_file

MAX_TEXT = 2000


class SuggestionEdge:
    db: Database

    async def SuggestCategory(
        self, request: intake_pb2.SuggestCategoryRequest, context: aio.ServicerContext
    ) -> intake_pb2.SuggestCategoryResponse:
        """Whoever may file on the channel may ask; the text is checked as a complaint's content."""
        check_may_file(current_identity(), request.channel or ONLINE)
        text = request.text.strip()
        if not text:
            raise InvalidInput("text is required: the complaint's words", field="text")
        if len(text) > MAX_TEXT:
            raise InvalidInput(f"text is longer than {MAX_TEXT} characters", field="text")
        suggestion = suggest_category(text)
        return intake_pb2.SuggestCategoryResponse(
            category=suggestion.category,
            name=categories()[suggestion.category].name,
            probability=suggestion.probability,
            top=[score_pb(s.category, s.probability) for s in suggestion.top],
            model_version=suggestion.model_version,
            confident=suggestion.confident,
        )

    async def GetSuggestionAccuracy(
        self, request: intake_pb2.GetSuggestionAccuracyRequest, context: aio.ServicerContext
    ) -> intake_pb2.GetSuggestionAccuracyResponse:
        """For the ops board: only the platform's operators see it (it spans every organisation)."""
        require_role(scope.OPS, scope.ADMIN, denied="only operators see the suggestion accuracy")
        rows = await _all(
            self.db,
            select(Case.created_at, Case.suggested_category, Case.confirmed_category).where(
                col(Case.suggested_category) != "", col(Case.confirmed_category) != ""
            ),
        )
        months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for created_at, suggested, confirmed in rows:
            tally = months[created_at.astimezone(SHANGHAI).strftime("%Y-%m")]
            tally[0] += 1
            tally[1] += suggested == confirmed
        model = current_model()
        return intake_pb2.GetSuggestionAccuracyResponse(
            months=[
                intake_pb2.SuggestionMonth(month=m, confirmed=t[0], agreed=t[1]) for m, t in sorted(months.items())
            ],
            model_version=model.version if model else "",
        )


async def _all(db: Database, stmt: Select[datetime, str, str]) -> list[tuple[datetime, str, str]]:
    async with db.session() as session:
        return [(a, b, c) for a, b, c in (await session.exec(stmt)).all()]
