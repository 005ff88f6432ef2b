"""Frameworks: validating and loading the shipped packs, XLSX round trip, a 5,000-node pack."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from petajalan.frameworks.loader import read_paths, shipped_paths
from petajalan.frameworks.schema import MAX_NODES, validate
from petajalan.frameworks.xlsx import export_xlsx, read_xlsx


def _median(fn: Callable[[], Any], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _big_document(n: int) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = []
    for c in range(n // 10):
        nodes.append({"key": f"urn:bench:{c}", "kind": "component", "title": f"Komponen {c}", "weight": 9})
        nodes += [
            {
                "key": f"urn:bench:{c}:{k}",
                "parent": f"urn:bench:{c}",
                "kind": "criterion",
                "title": f"Kriteria {c}.{k} tentang pelayanan publik",
                "weight": 1,
                "answer_type": "abcde",
                "expected_evidence": ["Dokumen SOP", "Laporan"],
                "guidance": "Periksa data dukung.",
            }
            for k in range(9)
        ]
    return {"pack": "bench", "purpose": "worksheet", "version": "1", "title": "Bench", "nodes": nodes}


def run() -> None:
    paths = shipped_paths()
    results = read_paths(paths)
    nodes = sum(len(r.document["nodes"]) for r in results if r.document)
    t = _median(lambda: read_paths(paths))
    print(f"validate {len(paths)} shipped packs ({nodes} nodes): median {t * 1000:.0f} ms")

    big = _big_document(MAX_NODES)
    t_validate = _median(lambda: validate(big, "bench.yaml"), repeat=3)
    parsed = validate(big, "bench.yaml")
    data = export_xlsx(parsed.document or {})
    t_export = _median(lambda: export_xlsx(parsed.document or {}), repeat=3)
    t_read = _median(lambda: read_xlsx(data, "bench.xlsx"), repeat=3)
    same = read_xlsx(data, "bench.xlsx").checksum == parsed.checksum
    print(
        f"{MAX_NODES}-node pack: validate {t_validate * 1000:.0f} ms, XLSX export {t_export * 1000:.0f} ms "
        f"({len(data) // 1024} KB), XLSX read+validate {t_read * 1000:.0f} ms, same checksum back: {same}"
    )

    from django.core.management import call_command

    from petajalan.accounts.models import Government, Membership, User
    from petajalan.frameworks.services import store_pack

    # Everything below runs in a transaction that is rolled back: the bench leaves no rows behind.
    with transaction.atomic():
        t = time.perf_counter()
        call_command("load_frameworks", verbosity=0)
        first = time.perf_counter() - t
        again = _median(lambda: call_command("load_frameworks", verbosity=0), repeat=3)
        print(
            f"load_frameworks: first load {first * 1000:.0f} ms, reload (no-op) median {again * 1000:.0f} ms "
            f"(ratio {first / again:.1f}x)"
        )
        t = time.perf_counter()
        small_doc = _big_document(100)
        small_doc["pack"] = "bench-small"
        small = store_pack(validate(small_doc, "s.yaml"))[0]
        large = store_pack(parsed)[0]
        print(f"store a {MAX_NODES}-node pack: {(time.perf_counter() - t) * 1000:.0f} ms")
        gov = Government.objects.create(
            slug="bench-kota", name="Kota Bench", kind="kota", province="-", code="99.99"
        )
        user = User.objects.create_user("bench@bench.test", "x-bench-password-1", full_name="Bench")
        Membership.objects.create(user=user, government=gov, role="leader")
        client = Client()
        client.force_login(user)
        figures = {}
        for label, version in (("100", small), (str(MAX_NODES), large)):
            url = f"/g/{gov.slug}/pedoman/{version.pack.key}/1/"
            connection.queries_log.clear()  # the log keeps 9,000 entries; the loads above filled it
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            assert status == 200, f"{url}: {status}"
            figures[label] = (_median(lambda url=url: client.get(url), repeat=3), len(queries))
        for label, (seconds, count) in figures.items():
            print(f"tree page with {label} nodes: median {seconds * 1000:.0f} ms, {count} queries")
        ratio = figures[str(MAX_NODES)][0] / figures["100"][0]
        print(
            f"  {MAX_NODES // 100}x the nodes → {ratio:.1f}x the time; queries constant: "
            f"{figures['100'][1] == figures[str(MAX_NODES)][1]}"
        )
        t = _median(lambda: client.get(f"/g/{gov.slug}/pedoman/{large.pack.key}/1/", {"q": "1.3"}), repeat=3)
        print(f"search in the {MAX_NODES}-node pack: median {t * 1000:.0f} ms")
        transaction.set_rollback(True)
