"""Focus hints: which framework node an activity text most likely belongs to (pure Python).

A nearest-centroid classifier over TF-IDF vectors of stemmed words, trained on the labelled
examples shipped in ``data/focus_examples.yaml`` plus the node titles (and, when given, the pack
texts). ``rb-roadmap:2020`` suggests one of the 8 areas; ``rb-roadmap:2023`` (the default)
suggests an RB General main activity or an RB Tematik theme.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from petajalan.clinic.data import load_focus_data
from petajalan.clinic.text import Vector, cosine, idf_of, tokens, vector

PACKS = {"rb-roadmap:2020": "area", "rb-roadmap:2023": "focus"}
DEFAULT_PACK = "rb-roadmap:2023"
TEMPERATURE = 0.08  # softmax temperature turning cosines into confidences
TITLE_WEIGHT = 2.0  # the node's own wording counts as this many examples


class UnknownPack(ValueError):
    pass


@dataclass(frozen=True)
class Hint:
    key: str
    title: str
    confidence: float  # 0–1
    score: float  # raw cosine to the node's centroid

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def _label(raw: str, field: str) -> str:
    return f"urn:rb:area:{raw}" if field == "area" else f"urn:rb:{raw}"


def pack_field(pack: str) -> str:
    """The example field a pack key selects (``rb-roadmap`` alone means the newest version)."""
    key = DEFAULT_PACK if pack in ("", "rb-roadmap") else pack
    if key not in PACKS:
        raise UnknownPack(pack)
    return PACKS[key]


def examples(pack: str = DEFAULT_PACK) -> list[tuple[str, str]]:
    """(text, node key) pairs of the labelled set for ``pack``."""
    field = pack_field(pack)
    return [(e["text"], _label(e[field], field)) for e in load_focus_data()["examples"]]


def split(pack: str = DEFAULT_PACK, fold: int = 4) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Deterministic held-out split: every fifth example of each node (from ``fold``) is kept
    for testing; ``fold`` 4 is the split the accuracy test and the benchmark report."""
    seen: dict[str, int] = defaultdict(int)
    train: list[tuple[str, str]] = []
    test: list[tuple[str, str]] = []
    for text, key in examples(pack):
        (test if seen[key] % 5 == fold else train).append((text, key))
        seen[key] += 1
    return train, test


class Classifier:
    def __init__(self, train: list[tuple[str, str]], titles: dict[str, str]) -> None:
        labels = sorted({key for _t, key in train})
        docs = [tokens(t) for t, _k in train] + [tokens(titles.get(k, "")) for k in labels]
        self.idf = idf_of(docs)
        sums: dict[str, dict[str, float]] = {k: defaultdict(float) for k in labels}
        for text, key in train:
            for w, v in vector(tokens(text), self.idf).items():
                sums[key][w] += v
        for key in labels:
            for w, v in vector(tokens(titles.get(key, "")), self.idf).items():
                sums[key][w] += TITLE_WEIGHT * v
        self.centroids: dict[str, Vector] = {}
        for key, s in sums.items():
            norm = math.sqrt(sum(v * v for v in s.values())) or 1.0
            self.centroids[key] = {w: v / norm for w, v in s.items()}
        self.titles = titles

    def suggest(self, text: str, top: int = 3) -> list[Hint]:
        query = vector(tokens(text), self.idf)
        if not query:
            return []
        scores = {key: cosine(query, c) for key, c in self.centroids.items()}
        peak = max(scores.values())
        exp = {k: math.exp((s - peak) / TEMPERATURE) for k, s in scores.items()}
        total = sum(exp.values())
        ranked = sorted(scores, key=lambda k: (-scores[k], k))[:top]
        return [
            Hint(k, self.titles.get(k, k).split(":")[0], round(exp[k] / total, 3), round(scores[k], 4))
            for k in ranked
        ]


def titles() -> dict[str, str]:
    return dict(load_focus_data()["titles"])


@cache
def classifier(pack: str = DEFAULT_PACK) -> Classifier:
    """The classifier trained on the whole labelled set (cached per pack)."""
    return Classifier(examples(pack), titles())


def suggest(text: str, pack: str = DEFAULT_PACK, top: int = 3) -> list[Hint]:
    """The ``top`` most likely focus nodes for an activity text, with a confidence each."""
    return classifier(pack).suggest(text, top)


def evaluate(pack: str = DEFAULT_PACK, fold: int = 4) -> dict[str, float]:
    """Top-1 and top-3 accuracy on the held-out fifth, training on the rest."""
    train, test = split(pack, fold)
    model = Classifier(train, titles())
    top1 = top3 = 0
    for text, key in test:
        keys = [h.key for h in model.suggest(text, 3)]
        top1 += bool(keys) and keys[0] == key
        top3 += key in keys
    n = len(test)
    return {"n_train": len(train), "n_test": n, "top1": top1 / n, "top3": top3 / n}


def cross_validate(pack: str = DEFAULT_PACK, folds: int = 5) -> dict[str, float]:
    """Top-1 and top-3 accuracy over all five held-out fifths (every example tested once)."""
    runs = [evaluate(pack, fold) for fold in range(folds)]
    n = sum(r["n_test"] for r in runs)
    return {
        "n_test": n,
        "top1": sum(r["top1"] * r["n_test"] for r in runs) / n,
        "top3": sum(r["top3"] * r["n_test"] for r in runs) / n,
    }
