"""Clinic: review speed (300 actions), copy-paste scan (40 units x 150 actions), focus-hint accuracy."""

from __future__ import annotations

import random
import re
import statistics
import time

from petajalan.clinic import copypaste, focus
from petajalan.clinic.data import load_focus_data
from petajalan.clinic.engine import Context, review
from petajalan.clinic.samples import generated_roadmap, make_action


def _vocabulary() -> list[str]:
    words = {
        w
        for e in load_focus_data()["examples"]
        for w in re.findall(r"[a-z]+", e["text"].lower())
        if len(w) > 3
    }
    return sorted(words)


def _timed(fn, repeat: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    first = time.perf_counter()
    fn()
    cold = time.perf_counter() - first
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return cold, statistics.median(runs)


def bench_review() -> None:
    plain = generated_roadmap(300, seed=7, vocabulary=_vocabulary())
    for n, action in enumerate(plain.actions):  # a realistic share of weak rows
        if n % 7 == 0:
            action.output = "Laporan kegiatan"
            action.unit_of_measure = "dokumen"
        if n % 11 == 0:
            action.indicator = "Meningkatnya kualitas pelayanan"
        if n % 13 == 0:
            action.targets = action.targets[:2]
    result = review(plain, Context())
    cold, warm = _timed(lambda: review(plain, Context()))
    print(
        f"review of a 300-action road map: {len(result.findings)} findings, readiness {result.readiness()}%"
    )
    print(f"  first run {cold * 1000:.0f} ms, then median {warm * 1000:.0f} ms")


def _government(units: int, actions: int, vocabulary: list[str], seed: int = 3) -> tuple[list, int]:
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    roadmaps = []
    for u in range(units):
        plain = generated_roadmap(0, seed=seed + u, vocabulary=vocabulary)
        plain.unit_short_name = f"Unit {u + 1:02d}"
        plain.chapters = []
        plain.problems = []
        plain.actions = [
            make_action(
                f"u{u}-a{i}",
                "urn:rb:area:pelayanan-publik",
                " ".join(rng.sample(vocabulary, 9)),
                "",
                output=" ".join(rng.sample(vocabulary, 4)),
            )
            for i in range(actions)
        ]
        roadmaps.append(plain)
    # plant copies: an action of unit k copied (upper-cased) or reworded (shuffled, one word
    # dropped) into unit k+1
    planted = 0
    for k in range(0, units - 1):
        source = roadmaps[k].actions[k]
        target = roadmaps[k + 1].actions[-1 - k % actions]
        words = source.activity.split()
        if k % 2:
            rng.shuffle(words)
            words = words[:-1]
        target.activity = " ".join(words).upper() if k % 2 == 0 else " ".join(words)
        target.output = source.output
        planted += 1
    return roadmaps, planted


def bench_copy_paste() -> None:
    vocabulary = _vocabulary()
    roadmaps, planted = _government(40, 150, vocabulary)
    copypaste.scan(roadmaps[:2])  # warm the stemmer on the vocabulary
    t = time.perf_counter()
    pairs = copypaste.scan(roadmaps)
    elapsed = time.perf_counter() - t
    found = {(p.a.uid, p.b.uid) for p in pairs if p.kind == "action"}
    hits = sum(
        1
        for k in range(39)
        if (f"u{k}-a{k}", f"u{k + 1}-a{149 - k % 150}") in found
        or (f"u{k + 1}-a{149 - k % 150}", f"u{k}-a{k}") in found
    )
    n = sum(len(r.actions) for r in roadmaps)
    print(f"copy-paste scan of 40 units x 150 actions ({n} actions): {elapsed:.2f} s")
    print(f"  {len(pairs)} pairs reported; planted copies found {hits}/{planted} ({hits / planted:.0%})")


def bench_focus() -> None:
    for pack in focus.PACKS:
        figures = focus.evaluate(pack)
        cv = focus.cross_validate(pack)
        print(
            f"focus hints {pack}: held-out {figures['n_test']:.0f} of "
            f"{figures['n_test'] + figures['n_train']:.0f} examples, "
            f"top-1 {figures['top1']:.0%}, top-3 {figures['top3']:.0%}; "
            f"5-fold (all {cv['n_test']:.0f}): top-1 {cv['top1']:.0%}, top-3 {cv['top3']:.0%}"
        )
    _cold, warm = _timed(
        lambda: focus.suggest("Penyusunan SOP pelayanan perizinan berusaha secara daring"), 20
    )
    print(f"  one suggestion: median {warm * 1e6:.0f} µs")


def run() -> None:
    bench_review()
    bench_copy_paste()
    bench_focus()
