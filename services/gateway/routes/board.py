"""公开评 in public: the board page (ECharts, served from our own static files, no CDN), its data,
the Excel export, and the review's write endpoints (evaluations, serious events)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, HTMLResponse, Response
from fengqiao.evaluation.v1 import evaluation_pb2, registry_pb2

from services.common import scope
from services.common.identity import Identity
from services.common.messages import message_from
from services.gateway.console.vocabulary import names_in
from services.gateway.deps import Backends, BackendsDep, Caller, CallerDep, get_caller
from services.gateway.errors import ApiError
from services.gateway.routes.rates import Day, Period, answer_json, fetch
from services.gateway.schemas.board import (
    BoardPublic,
    EvaluationCreate,
    EvaluationReceipt,
    SeriousEventCreate,
    SeriousEventReceipt,
)
from services.gateway.schemas.common import SIGNED_IN, PathKey, refusals
from services.gateway.schemas.rates import RatesAnswer
from services.gateway.views import as_dict

router = APIRouter(tags=["board"])
STATIC = Path(__file__).resolve().parents[1] / "static"
ECHARTS = STATIC / "vendor" / "echarts.min.js"
# The public board reads as this identity: the evaluation service shows it published reviews only.
PUBLIC = Identity("public:board", (scope.PUBLIC,), (), "公开评价看板")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SUBDISTRICT = Annotated[str, Query(max_length=32, pattern=r"^[A-Z0-9-]+$")]


def _public(backends: Backends) -> Caller:
    """Calls as the public board (its identity, the request's id, the usual deadline)."""
    return get_caller(backends, PUBLIC)


@router.get(
    "/api/v1/board", response_model=BoardPublic, response_model_exclude_unset=True, responses=refusals(404, 422, 503)
)
async def board_data(
    backends: BackendsDep,
    subdistrict: _SUBDISTRICT = "SD-DONGJIE",
    review_id: Annotated[str, Query(max_length=48)] = "",
) -> dict[str, Any]:
    """The newest published review of a subdistrict (or the one named): scores, standings, rates,
    notices and the takeover board. Public."""
    md, timeout = backends.caller_metadata(PUBLIC), backends.settings.rpc_timeout_seconds
    reviews = await backends.evaluation.ListReviews(
        evaluation_pb2.ListReviewsRequest(subdistrict_code=subdistrict, published_only=True),
        metadata=md,
        timeout=timeout,
    )
    if not reviews.reviews:
        raise ApiError(404, "not_found", f"{subdistrict} has no published review yet")
    chosen = review_id or reviews.reviews[0].id
    scores = await backends.evaluation.ListCompanyScores(
        evaluation_pb2.ListCompanyScoresRequest(review_id=chosen), metadata=md, timeout=timeout
    )
    standings = await backends.evaluation.ListStandings(
        evaluation_pb2.ListStandingsRequest(), metadata=md, timeout=timeout
    )
    notices = await backends.evaluation.ListNotices(evaluation_pb2.ListNoticesRequest(), metadata=md, timeout=timeout)
    takeover = await backends.registry.GetTakeoverBoard(
        registry_pb2.GetTakeoverBoardRequest(subdistrict_code=subdistrict), metadata=md, timeout=timeout
    )
    companies = await backends.registry.ListOrganisations(
        registry_pb2.ListOrganisationsRequest(kind="property_company"), metadata=md, timeout=timeout
    )
    company_name = {o.code: o.name for o in companies.organisations}

    def named(text: str) -> str:  # the supervision workflow's notices name companies by code
        return names_in(text, lambda code: company_name.get(code, code))

    return {
        "review": as_dict(scores.review),
        "reviews": [{"id": r.id, "quarter": r.quarter} for r in reviews.reviews],
        "scores": [
            {k: v for k, v in as_dict(s).items() if k != "aspects"} for s in scores.scores
        ],  # the per-aspect detail is in the Excel export
        "standings": [as_dict(s) | {"reason": named(s.reason)} for s in standings.standings],
        "notices": [
            as_dict(n) | {"title": named(n.title), "body": named(n.body)}
            for n in notices.notices
            if n.kind != "REMINDER"
        ][:20],
        "takeover": {
            "unmanaged": takeover.unmanaged,
            "taken_over": takeover.taken_over,
            "well_managed": takeover.well_managed,
            "communities": [
                {
                    "community_name": c.community_name,
                    "status": registry_pb2.ManagementStatus.Name(c.management_status).removeprefix(
                        "MANAGEMENT_STATUS_"
                    ),
                    "company_name": company_name.get(c.company_code, ""),
                }
                for c in takeover.communities
            ],
        },
    }


@router.get("/api/v1/board/rates", response_model=RatesAnswer, responses=refusals(404, 422, 503))
async def board_rates(
    backends: BackendsDep,
    subdistrict: _SUBDISTRICT = "SD-DONGJIE",
    period: Period = "quarter",
    from_date: Day = "",
    to_date: Day = "",
) -> dict[str, Any]:
    """The live three rates of a subdistrict over a period, one row per company, from closed cases.
    Public: totals only, never the cases behind them."""
    found = await fetch(
        backends, _public(backends), "subdistrict", subdistrict, period, (from_date, to_date), group_by="company"
    )
    return answer_json("subdistrict", subdistrict, found)


@router.get(
    "/api/v1/reviews/{review_id}/export.xlsx",
    response_class=Response,
    responses=refusals(404, 422, 503) | {200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}},
)
async def export_review(review_id: PathKey, backends: BackendsDep) -> Response:
    """The published review's scores and lists as an Excel workbook. Public."""
    public = _public(backends)
    result = await backends.evaluation.ExportReview(
        evaluation_pb2.ExportReviewRequest(review_id=review_id), metadata=public.metadata, timeout=public.timeout
    )
    return Response(
        content=result.xlsx,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{result.filename}"'},
    )


@router.post(
    "/api/v1/reviews/{review_id}/evaluations",
    status_code=201,
    response_model=EvaluationReceipt,
    responses=refusals(*SIGNED_IN, 404, 409, 413),
)
async def submit_evaluation(
    review_id: PathKey, body: EvaluationCreate, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    """One evaluation form: `side` is resident (with `household_code`), peer or department."""
    ev = backends.evaluation
    if body.side == "resident" and not body.household_code:
        raise ApiError(
            422, "invalid_argument", "household_code is required for a resident form", {"field": "household_code"}
        )
    # Each side's form has the same fields; only a resident's names a household.
    forms: dict[str, tuple[Any, Any]] = {
        "resident": (ev.SubmitResidentEvaluation, evaluation_pb2.SubmitResidentEvaluationRequest),
        "peer": (ev.SubmitPeerEvaluation, evaluation_pb2.SubmitPeerEvaluationRequest),
        "department": (ev.SubmitDepartmentEvaluation, evaluation_pb2.SubmitDepartmentEvaluationRequest),
    }
    submit, request_type = forms[body.side]
    result = await submit(
        message_from(request_type, body, review_id=review_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return {"evaluation_id": result.evaluation_id, "replayed": result.replayed}


@router.post(
    "/api/v1/standings/events",
    status_code=201,
    response_model=SeriousEventReceipt,
    response_model_exclude_unset=True,
    responses=refusals(*SIGNED_IN, 404, 409, 413),
)
async def report_serious_event(body: SeriousEventCreate, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """A serious event between quarters: red goes at once, black waits for a director's approval task."""
    result = await backends.evaluation.ReportSeriousEvent(
        message_from(evaluation_pb2.ReportSeriousEventRequest, body),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return {"proposal": as_dict(result.proposal), "workflow_id": result.workflow_id, "replayed": result.replayed}


@router.get("/static/vendor/echarts.min.js", include_in_schema=False)
async def echarts() -> FileResponse:
    if not ECHARTS.exists():
        raise ApiError(404, "not_found", "ECharts is not bundled: run `make static` (npm ci copies it)")
    return FileResponse(ECHARTS, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/board", response_class=HTMLResponse, include_in_schema=False)
async def board_page() -> str:
    return (STATIC / "board.html").read_text(encoding="utf-8")
