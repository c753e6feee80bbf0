"""The labelled complaints: training pool (corpus/train/*.txt and the issue #6 labelled set) and
the test split (corpus/test/*.txt, written apart under other rules — see corpus/README.md). One
complaint a line; the file's name is the category code. The test split is never used for tuning."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from services.intake.catalogue import LABELLED_SET_FILE, categories

CORPUS_DIR = Path(LABELLED_SET_FILE).with_name("corpus")
TRAIN_DIR = CORPUS_DIR / "train"
TEST_DIR = CORPUS_DIR / "test"
SEED = 16
DEV_FRACTION = 0.15


@dataclass(frozen=True)
class Example:
    category: str
    text: str


def read_dir(folder: Path) -> list[Example]:
    """Every line of every <code>.txt in the folder; an unknown code or a blank file is an error."""
    known = categories()
    rows: list[Example] = []
    for path in sorted(folder.glob("*.txt")):
        if path.stem not in known:
            raise ValueError(f"{path}: {path.stem!r} is not a category code in the catalogue")
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        rows += [Example(path.stem, line) for line in lines if line]
    return rows


def read_labelled_set() -> list[Example]:
    with LABELLED_SET_FILE.open(encoding="utf-8") as f:
        return [Example(row["category"], row["text"].strip()) for row in csv.DictReader(f)]


def training_pool() -> list[Example]:
    """The train and dev complaints, duplicates (same text) dropped, in a stable order."""
    seen: set[str] = set()
    rows: list[Example] = []
    for row in read_dir(TRAIN_DIR) + read_labelled_set():
        if row.text not in seen:
            seen.add(row.text)
            rows.append(row)
    return rows


def read_test_split() -> list[Example]:
    return read_dir(TEST_DIR)


def train_dev_split(rows: list[Example], seed: int = SEED) -> tuple[list[Example], list[Example]]:
    """Per category, a seeded shuffle; the first DEV_FRACTION of each goes to dev."""
    by_category: dict[str, list[Example]] = defaultdict(list)
    for row in rows:
        by_category[row.category].append(row)
    rng = random.Random(seed)
    train: list[Example] = []
    dev: list[Example] = []
    for code in sorted(by_category):
        items = sorted(by_category[code], key=lambda r: r.text)
        rng.shuffle(items)
        cut = max(1, round(len(items) * DEV_FRACTION))
        dev += items[:cut]
        train += items[cut:]
    return train, dev
