"""`python -m services.intake.training [--database URL] [--out FILE]`: fits the category model
on the corpus (plus caseworker-confirmed categories from the intake database, if given), picks C
and the confirmation threshold on the dev split, measures on the fixed test split, and writes the
model file only if it is not worse there than the file it would replace (exit 3 when refused)."""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

from services.intake.catalogue import categories
from services.intake.classifier import MODEL_FILE, CategoryModel
from services.intake.training.confirmed import confirmed_examples
from services.intake.training.corpus import SEED, Example, read_test_split, train_dev_split, training_pool
from services.intake.training.fit import C_GRID, Measure, fit, measure

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
# The threshold: the lowest at which the dev suggestions it lets through are this accurate.
CONFIDENT_ACCURACY = 0.97
REFUSED = 3


def pick_threshold(model: CategoryModel, dev: list[Example]) -> float:
    scored = [(model.suggest(r.text), r.category) for r in dev]
    for t in THRESHOLDS:
        passed = [s.category == want for s, want in scored if s.probability >= t]
        if passed and sum(passed) / len(passed) >= CONFIDENT_ACCURACY:
            return t
    return THRESHOLDS[-1]


def report(name: str, m: Measure) -> None:
    print(f"{name}: accuracy {m.accuracy:.2%} ({round(m.accuracy * m.n)}/{m.n}), macro-F1 {m.macro_f1:.4f}")


def build(confirmed: list[Example], grid: tuple[float, ...] = C_GRID) -> tuple[dict[str, Any], CategoryModel]:
    codes = list(categories())
    train, dev = train_dev_split(training_pool(), SEED)
    print(f"corpus: {len(train)} train, {len(dev)} dev (seed {SEED}); {len(confirmed)} confirmed by caseworkers")
    best: tuple[float, float, CategoryModel] | None = None
    for c in grid:
        model = CategoryModel(fit(train + confirmed, c, confirm_below=0.5))
        dev_m = measure(model, dev, codes)
        print(f"  C={c:g}: dev accuracy {dev_m.accuracy:.2%}, macro-F1 {dev_m.macro_f1:.4f}")
        if best is None or dev_m.macro_f1 > best[1]:
            best = (c, dev_m.macro_f1, model)
    assert best is not None
    c, _, dev_model = best
    threshold = pick_threshold(dev_model, dev)
    dev_m = measure(dev_model, dev, codes)
    print(f"chosen C={c:g}, confirm below p={threshold}")
    data = fit(
        train + dev + confirmed,
        c,
        confirm_below=threshold,
        extra={"seed": SEED, "confirmed_examples": len(confirmed), "trained_at": time.strftime("%Y-%m-%d")},
    )
    data["metrics"] = {"dev": dev_m.as_dict()}
    return data, CategoryModel(data)


def print_confusion(m: Measure) -> None:
    codes = list(m.confusion)
    print("confusion (rows: true, columns: suggested):")
    print("              " + " ".join(f"{c[:5]:>5}" for c in codes))
    for want in codes:
        print(f"  {want:<12}" + " ".join(f"{m.confusion[want][got]:>5}" for got in codes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.intake.training", description=__doc__)
    parser.add_argument("--database", default="", help="intake database URL: add caseworker-confirmed categories")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help=f"the model file (default {MODEL_FILE})")
    parser.add_argument("--c", type=float, action="append", help="regularisation C to try (default: a grid)")
    args = parser.parse_args(argv)
    confirmed = asyncio.run(confirmed_examples(args.database)) if args.database else []
    data, model = build(confirmed, tuple(args.c or C_GRID))
    codes = list(categories())
    test = read_test_split()
    new = measure(model, test, codes)
    data["metrics"]["test"] = new.as_dict()
    report(f"new model {model.version} on the test split", new)
    for code, acc in new.per_category.items():
        print(f"  {code:<12} {acc:.0%}")
    print_confusion(new)
    if args.out.exists():
        try:
            old_model = CategoryModel.load(args.out)
        except Exception as exc:
            print(f"current file {args.out} does not load ({exc!r}); replacing it")
        else:
            old = measure(old_model, test, codes)
            report(f"current model {old_model.version} on the test split", old)
            if not new.better_or_equal(old):
                print(f"refused: the new model is worse on the test split; {args.out} kept")
                return REFUSED
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    args.out.write_bytes(gzip.compress(payload, mtime=0) if args.out.suffix == ".gz" else payload)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes), version {model.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
