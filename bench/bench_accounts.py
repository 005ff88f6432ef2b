"""Accounts: XLSX import (parse, preview, confirm) and list pages at two sizes, on a throw-away database."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _workbook(units: int, people: int) -> bytes:
    from openpyxl import Workbook

    from petajalan.accounts import spreadsheet as sheet

    codes = [f"{1 + n // 900}.{n // 10 % 90 + 10:02d}.0.00.0.00.{n % 10 + 10:02d}.0000" for n in range(units)]
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet(sheet.UNIT_SHEET)
    ws.append([title for _k, title in sheet.UNIT_COLUMNS])
    for n, code in enumerate(codes):
        ws.append([code, f"Unit Uji {n}", f"U{n}", "Dinas", "", "Kepala", "197001012000031001", "", "", "Ya"])
    ws = wb.create_sheet(sheet.PEOPLE_SHEET)
    ws.append([title for _k, title in sheet.PEOPLE_COLUMNS])
    for n in range(people):
        ws.append([f"orang{n}@bench.test", f"Orang {n}", "", "", "Penyusun", codes[n % units], "Ya"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _one_size(units: int, people: int) -> dict[str, float]:
    from petajalan.accounts import imports
    from petajalan.accounts.models import Membership, Unit
    from petajalan.accounts.spreadsheet import parse_workbook
    from petajalan.testing.factories import make_government, make_person

    government = make_government()
    admin = make_person(government, Membership.Role.ADMIN)
    data = _workbook(units, people)
    figures: dict[str, float] = {}
    figures["parse"], _ = _time(lambda: parse_workbook(data))
    batch = imports.start_import(actor=admin, government=government, file_name="bench.xlsx", data=data)
    with CaptureQueriesContext(connection) as plan_queries:
        figures["plan"], _ = _time(lambda: imports.plan_import(batch))
    figures["plan_queries"] = len(plan_queries.captured_queries)
    figures["confirm"], _ = _time(lambda: imports.confirm_import(actor=admin, batch=batch))
    assert Unit.objects.filter(government=government).count() == units
    client = Client()
    client.force_login(admin)
    for name, url in [
        ("unit_list", f"/g/{government.slug}/unit/"),
        ("people_list", f"/g/{government.slug}/orang/"),
    ]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            figures[name], response = _time(lambda url=url: client.get(url))
        assert response.status_code == 200
        figures[f"{name}_queries"] = len(queries.captured_queries)
    return figures


def run() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        small = _one_size(60, 200)
        large = _one_size(600, 2000)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print("size: 60 units + 200 people  vs  600 units + 2,000 people (x10)")
    for key in ["parse", "plan", "confirm", "unit_list", "people_list"]:
        print(
            f"  {key:12s} {small[key] * 1000:7.0f} ms  {large[key] * 1000:7.0f} ms"
            f"  ratio {large[key] / small[key]:.1f}"
        )
    for key in ["plan_queries", "unit_list_queries", "people_list_queries"]:
        print(f"  {key:20s} {small[key]:.0f} queries  {large[key]:.0f} queries")
