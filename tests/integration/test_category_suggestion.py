"""Issue #16 over intake's gRPC API on PostgreSQL: SuggestCategory with filing's scope, the
suggestion kept beside the caseworker's choice, the monthly accuracy for ops, a model that fails
to load never blocking filing, and retraining from the confirmed categories in the database —
replacing a worse model file, refusing to replace a better one."""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path

import grpc
import pytest
from fengqiao.intake.v1 import intake_pb2

from services.common.clock import SHANGHAI, utcnow
from services.intake import classifier
from services.intake.training.__main__ import REFUSED, main
from services.intake.training.corpus import read_test_split, training_pool
from services.intake.training.fit import fit
from tests.helpers import CASEWORKER, COMPANY, OPS, md
from tests.integration.conftest import Intake, expect_status
from tests.integration.test_intake_channels_grpc import RESIDENT, complaint, finish

pytestmark = pytest.mark.parametrize("db_kind", ["postgres"])
ASK = intake_pb2.SuggestCategoryRequest


async def test_suggest_category_answers_whoever_may_file(intake: Intake) -> None:
    answer = await intake.stub.SuggestCategory(ASK(text="电梯又停了，十八楼的老人下不来"), metadata=md(CASEWORKER))
    model = classifier.current_model()
    assert model is not None
    assert (answer.category, answer.name, answer.model_version) == ("elevator", "电梯", model.version)
    assert len(answer.top) == 3 and answer.top[0].category == "elevator" and answer.top[0].name == "电梯"
    assert 0 < answer.top[1].probability <= answer.probability <= 1
    # The public may ask for the online channel only; a property company files nothing.
    assert (await intake.stub.SuggestCategory(ASK(text="楼上漏水"), metadata=md(RESIDENT))).category == "leak"
    await expect_status(
        intake.stub.SuggestCategory(ASK(text="楼上漏水", channel="hotline_12345"), metadata=md(RESIDENT)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        intake.stub.SuggestCategory(ASK(text="楼上漏水"), metadata=md(COMPANY)), grpc.StatusCode.PERMISSION_DENIED
    )
    await expect_status(
        intake.stub.SuggestCategory(ASK(text="  "), metadata=md(CASEWORKER)), grpc.StatusCode.INVALID_ARGUMENT, "text"
    )
    await expect_status(
        intake.stub.SuggestCategory(ASK(text="长" * 2001), metadata=md(CASEWORKER)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "2000",
    )


async def test_a_model_that_fails_to_load_never_blocks_filing(intake: Intake, tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    try:
        assert classifier.load_model(tmp_path / "broken.json") is None
        filed = (await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))).case
        answer = await intake.stub.SuggestCategory(ASK(text="楼上漏水"), metadata=md(CASEWORKER))
    finally:
        assert classifier.load_model() is not None
    assert (filed.category, filed.suggested_category, filed.suggestion_probability) == ("other", "other", 0.0)
    assert (answer.category, answer.probability, len(answer.top), answer.confident) == ("other", 0.0, 0, False)
    await finish(intake, filed)


async def test_choices_are_kept_measured_per_month_and_retrain_the_model(intake: Intake, tmp_path: Path) -> None:
    texts = {
        3: "楼顶一下雨就往我家里滴水，天花板都泡了",
        4: "车棚里有人飞线给电瓶车充电",
        6: "楼下饭店油烟直冲我家窗户",
    }
    cases = []
    for building, text in texts.items():
        filed = (
            await intake.stub.FileComplaint(complaint(content=text, address=f"{building}号楼"), metadata=md(CASEWORKER))
        ).case
        assert filed.category_source == "suggested" and filed.suggested_category == filed.category
        assert (
            filed.suggestion_probability > 0
            and len(filed.suggestion_top) == 3
            and filed.model_version.startswith("m1-")
        )
        assert filed.confirmed_category == ""
        cases.append(filed)
    assert [c.category for c in cases] == ["leak", "ev_charging", "environment"]
    # Two kept as suggested, one changed: the choice is recorded beside the suggestion.
    for case, chosen in zip(cases, ["leak", "ev_charging", "sanitation"], strict=True):
        request = intake_pb2.SetCaseCategoryRequest(case_no=case.case_no, category=chosen)
        done = (await intake.stub.SetCaseCategory(request, metadata=md(CASEWORKER))).case
        assert (done.category, done.confirmed_category, done.suggested_category) == (
            chosen,
            chosen,
            case.suggested_category,
        )
    await expect_status(
        intake.stub.GetSuggestionAccuracy(intake_pb2.GetSuggestionAccuracyRequest(), metadata=md(CASEWORKER)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    accuracy = await intake.stub.GetSuggestionAccuracy(intake_pb2.GetSuggestionAccuracyRequest(), metadata=md(OPS))
    month = utcnow().astimezone(SHANGHAI).strftime("%Y-%m")
    assert [(m.month, m.confirmed, m.agreed) for m in accuracy.months] == [(month, 3, 2)]

    # Retraining reads those three from PostgreSQL. A file holding a worse model is replaced ...
    weak = tmp_path / "weak.json.gz"
    weak.write_bytes(gzip.compress(json.dumps(fit(training_pool()[::25], 10.0, confirm_below=0.5)).encode()))
    assert await asyncio.to_thread(main, ["--database", intake.database_url, "--out", str(weak), "--c", "30"]) == 0
    replaced = json.loads(gzip.decompress(weak.read_bytes()))
    assert replaced["confirmed_examples"] == 3 and replaced["metrics"]["test"]["accuracy"] >= 0.9
    # ... and one the new model cannot match (it was fitted on the test split itself) is kept.
    strong = tmp_path / "strong.json.gz"
    strong.write_bytes(gzip.compress(json.dumps(fit(read_test_split() * 2, 100.0, confirm_below=0.5)).encode()))
    before = strong.read_bytes()
    assert (
        await asyncio.to_thread(main, ["--database", intake.database_url, "--out", str(strong), "--c", "30"]) == REFUSED
    )
    assert strong.read_bytes() == before
    await finish(intake, *cases)
