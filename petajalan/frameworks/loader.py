"""Reading a batch of pack files: each validated alone, then crosswalks against the whole batch.

Used by ``load_frameworks`` (all shipped packs, or the paths given) and by the tests. Nothing here
writes; ``services.store_pack`` does, once every file of the batch is valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from petajalan.frameworks.schema import KnownKeys, Parsed, Problem, parse_yaml, validate

CATALOG = Path(__file__).resolve().parent / "catalog"


def shipped_paths() -> list[Path]:
    """The pack files shipped with Petajalan, in a stable order."""
    return sorted(CATALOG.glob("*.yaml"))


def read_paths(paths: Iterable[Path], fallback: KnownKeys | None = None) -> list[Parsed]:
    """Parse and validate every file; crosswalks may refer to packs of the batch or of ``fallback``."""
    results = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            results.append(Parsed(str(path), problems=[Problem(str(path), f"{exc.strerror}")]))
            continue
        results.append(parse_yaml(data, _display(path)))
    batch = {
        (r.document["pack"], r.document["version"]): {n["key"] for n in r.document["nodes"]}
        for r in results
        if r.is_valid and r.document is not None
    }

    def known(pack: str, version: str) -> set[str] | None:
        if (pack, version) in batch:
            return batch[(pack, version)]
        return fallback(pack, version) if fallback is not None else None

    return [
        validate(r.document, r.file, known)
        if r.is_valid and r.document is not None and r.document["purpose"] == "crosswalk"
        else r
        for r in results
    ]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
