"""Indonesian-aware text normalisation, stemming and similarity (pure, no database).

Texts are lower-cased, stripped of punctuation and numbers, stop words dropped and each word
stemmed with PySastrawi (``penyusunan`` → ``susun``), so "Menyusun SOP pelayanan" and
"Penyusunan SOP Pelayanan" compare equal. Similarity is the cosine of token-count vectors,
or of their word sets for copy-paste and duplicates.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, lru_cache

from petajalan.clinic.data import load_config

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@cache
def stop_words() -> frozenset[str]:
    return frozenset(load_config()["stop_words"])


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Sastrawi stem of one lower-case word (cached: the same words recur everywhere)."""
    if len(word) <= 3:
        return word
    return _stemmer().stem(word) or word


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text``; reduplications (``kegiatan-kegiatan``) count once,
    other hyphenated words (``SP4N-LAPOR``, ``penataan-tatalaksana``) give each part."""
    stops = stop_words()
    out = []
    for compound in _WORD.findall((text or "").lower()):
        parts = compound.split("-")
        if len(set(parts)) == 1:  # reduplication: kegiatan-kegiatan
            parts = parts[:1]
        for word in parts:
            if word in stops or len(word) < 2:
                continue
            stemmed = stem(word)
            if stemmed not in stops:
                out.append(stemmed)
    return out


def normalise(text: str) -> str:
    """A canonical form: the stemmed content words joined by spaces."""
    return " ".join(tokens(text))


Vector = dict[str, float]


def vector(words: Iterable[str], idf: Mapping[str, float] | None = None) -> Vector:
    """Token counts (times idf when given), scaled to unit length."""
    counts = Counter(words)
    vec = {w: c * (idf.get(w, 1.0) if idf else 1.0) for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def similarity(a: str, b: str) -> float:
    """Similarity of two texts after normalisation (cosine of their word sets), 0 to 1."""
    return round(set_cosine(set(tokens(a)), set(tokens(b))), 4)


def idf_of(documents: Iterable[list[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each token over ``documents``."""
    df: Counter[str] = Counter()
    n = 0
    for doc in documents:
        n += 1
        df.update(set(doc))
    return {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}


def set_cosine(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Cosine of two word sets: shared words over the geometric mean of their sizes."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def similar_pairs(
    docs: list[list[str]],
    threshold: float,
    *,
    allowed: object = None,
) -> list[tuple[int, int, float]]:
    """Index pairs (i < j) of ``docs`` whose word-set cosine is at least ``threshold``.

    All-pairs similarity with prefix filtering (Bayardo et al., 2007): words are ordered from
    rarest to most common; two sets this similar must share a word among the first few rare words
    of each, and their sizes differ by at most a factor ``threshold²``, so only those candidates
    are compared. ``allowed(i, j)`` may veto a pair (e.g. two rows of the same unit).
    """
    veto = allowed if callable(allowed) else None
    found = list(_linking_pairs([frozenset(d) for d in docs], threshold, veto))
    found.sort(key=lambda t: (-t[2], t[0], t[1]))
    return found


def _linking_pairs(
    sets: list[frozenset[str]], threshold: float, allowed: Callable[[int, int], bool] | None
) -> Iterator[tuple[int, int, float]]:
    """The prefix-filtered scan behind ``similar_pairs`` and ``similar_groups``; ``allowed`` is
    asked before each comparison (and may change its answers as pairs are found)."""
    df: Counter[str] = Counter(w for s in sets for w in s)
    t2 = threshold * threshold
    order = sorted((i for i in range(len(sets)) if sets[i]), key=lambda i: len(sets[i]))
    index: dict[str, list[int]] = {}
    for i in order:
        x = sets[i]
        need = max(1, math.ceil(t2 * len(x) - 1e-9))
        prefix = sorted(x, key=lambda w: (df[w], w))[: len(x) - need + 1]
        min_size = t2 * len(x) - 1e-9
        seen: set[int] = set()
        for w in prefix:
            for j in index.get(w, ()):
                if j in seen or len(sets[j]) < min_size:
                    continue
                seen.add(j)
                a, b = (j, i) if j < i else (i, j)
                if allowed is not None and not allowed(a, b):
                    continue
                score = set_cosine(x, sets[j])
                if score >= threshold - 1e-9:
                    yield a, b, round(min(score, 1.0), 4)
            index.setdefault(w, []).append(i)


def similar_groups(docs: list[list[str]], threshold: float) -> list[tuple[list[int], float, float]]:
    """Groups of ``docs`` linked by word-set cosine ≥ ``threshold`` (connected components), each
    as (indices in order, lowest and highest similarity of the links found), first index first.

    The scan of ``similar_pairs`` with one saving: a candidate already in the same group is not
    compared again, so 300 copies of one text cost about 300 comparisons, not 45,000.
    """
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    scores: dict[int, tuple[float, float]] = {}  # group root (its first row) -> lowest, highest link

    def apart(i: int, j: int) -> bool:
        return root(i) != root(j)

    for i, j, score in _linking_pairs([frozenset(d) for d in docs], threshold, apart):
        first, second = sorted((root(i), root(j)))
        parent[second] = first
        low_a, high_a = scores.pop(second, (score, score))
        low_b, high_b = scores.get(first, (score, score))
        scores[first] = (min(low_a, low_b, score), max(high_a, high_b, score))
    members: dict[int, list[int]] = {}
    for i in range(len(docs)):
        if (r := root(i)) in scores:
            members.setdefault(r, []).append(i)
    return [(rows, *scores[r]) for r, rows in sorted(members.items())]
