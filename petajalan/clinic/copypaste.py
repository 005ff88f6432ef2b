"""Copy-paste detection between the units of one government (pure, no database).

Actions (activity and output), problems and chapter paragraphs of every unit road map are
normalised and stemmed (``petajalan.clinic.text``) and compared by the cosine of their word sets;
pairs from two different units above the threshold are reported. An action pulled from the city
road map through the cascade (``Action.cascade_uid``) shares its text by design and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from petajalan.clinic.data import load_config
from petajalan.clinic.text import similar_pairs, tokens
from petajalan.roadmaps.plain import PlainRoadmap


class Kind(models.TextChoices):
    ACTION = "action", _("Rencana aksi")
    PROBLEM = "problem", _("Permasalahan")
    CHAPTER = "chapter", _("Teks bab")


@dataclass(frozen=True)
class Item:
    kind: str
    unit: str
    uid: str  # action/problem uid, or "chapter-key#paragraph-number"
    text: str
    cascade_uid: str = ""


@dataclass(frozen=True)
class Pair:
    kind: str
    similarity: float
    a: Item
    b: Item

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "similarity": self.similarity, "a": asdict(self.a), "b": asdict(self.b)}


_PARAGRAPH = re.compile(r"\n\s*\n")


def items_of(plain: PlainRoadmap) -> list[Item]:
    """The comparable pieces of one unit road map."""
    unit = plain.unit_short_name or plain.unit or plain.unit_code
    out = [
        Item(Kind.ACTION, unit, a.uid, f"{a.activity}. {a.output}".strip(". "), a.cascade_uid)
        for a in plain.actions
    ]
    out += [Item(Kind.PROBLEM, unit, p.uid, p.statement) for p in plain.problems]
    for ch in plain.chapters:
        for n, para in enumerate(_PARAGRAPH.split(ch.body or ""), start=1):
            if para.strip():
                out.append(Item(Kind.CHAPTER, unit, f"{ch.key}#{n}", para.strip()))
    return out


def scan(roadmaps: Iterable[PlainRoadmap], *, threshold: float | None = None) -> list[Pair]:
    """Near-duplicate pieces between different units, most similar first."""
    config = load_config()["thresholds"]
    limit = float(config["copy_paste_similarity"]) if threshold is None else threshold
    min_tokens = int(config["copy_paste_min_tokens"])
    pairs: list[Pair] = []
    items = [item for plain in roadmaps for item in items_of(plain)]
    for kind in Kind:
        mine = [i for i in items if i.kind == kind]
        docs = [tokens(i.text) for i in mine]
        keep = [n for n, d in enumerate(docs) if len(d) >= min_tokens]
        docs = [docs[n] for n in keep]
        mine = [mine[n] for n in keep]

        def allowed(i: int, j: int, mine: list[Item] = mine) -> bool:
            a, b = mine[i], mine[j]
            return a.unit != b.unit and not a.cascade_uid and not b.cascade_uid

        for i, j, score in similar_pairs(docs, limit, allowed=allowed):
            pairs.append(Pair(kind, score, mine[i], mine[j]))
    pairs.sort(key=lambda p: (-p.similarity, p.kind, p.a.unit, p.b.unit, p.a.uid))
    return pairs
