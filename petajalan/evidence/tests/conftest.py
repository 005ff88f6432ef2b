"""Objects the evidence bank's tests share: a road map of ``unit`` with an action and a quick win,
a PDF of ``unit`` linked to the action, and a picture of ``other_unit`` linked nowhere."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from petajalan.evidence import services
from petajalan.evidence.models import Item
from petajalan.evidence.targets import resolve
from petajalan.roadmaps.tests.factories import make_action, make_quick_win, make_roadmap
from petajalan.testing.evidence import pdf_bytes, png_bytes


def upload(actor: Any, government: Any, content: bytes, name: str, **data: Any) -> Item:
    """Upload through the service as a person would, with sensible metadata defaults."""
    values: dict[str, Any] = {"title": name.rsplit(".", 1)[0], "kind": Item.Kind.OTHER}
    values.update(data)
    return services.upload_item(
        actor=actor,
        government=government,
        upload=services.Upload(file=io.BytesIO(content), name=name),
        data=values,
    )


@pytest.fixture
def roadmap(gov: Any, unit: Any) -> Any:
    return make_roadmap(gov, unit)


@pytest.fixture
def action(roadmap: Any) -> Any:
    return make_action(roadmap)


@pytest.fixture
def quick_win(roadmap: Any) -> Any:
    return make_quick_win(roadmap, deadline_on=dt.date(2026, 6, 30))


@pytest.fixture
def decree(
    gov: Any, unit: Any, drafter: Any, action: Any, evidence_dir: Any, django_capture_on_commit_callbacks: Any
) -> Item:
    """The RB team decree of ``unit`` (a PDF), linked to ``action``, thumbnail made."""
    with django_capture_on_commit_callbacks(execute=True):
        item = upload(
            drafter,
            gov,
            pdf_bytes("Keputusan Kepala Dinas tentang Tim Reformasi Birokrasi"),
            "SK Tim RB 2025.pdf",
            title="SK Tim Reformasi Birokrasi Dinas Kesehatan",
            kind=Item.Kind.DECREE,
            number="800/123/Dinkes/2025",
            document_on=dt.date(2025, 1, 6),
            issuer="Kepala Dinas Kesehatan",
            unit=unit,
            year_from=2025,
            year_to=2026,
            tags="tim RB, SK",
        )
        target = resolve([("action", str(action.pk))])[("action", str(action.pk))]
        services.link_item(actor=drafter, item=item, target=target)
    item.refresh_from_db()
    return item


@pytest.fixture
def photo(
    gov: Any, other_unit: Any, admin: Any, evidence_dir: Any, django_capture_on_commit_callbacks: Any
) -> Item:
    with django_capture_on_commit_callbacks(execute=True):
        item = upload(admin, gov, png_bytes(), "foto-layanan.png", kind=Item.Kind.PHOTO, unit=other_unit)
    item.refresh_from_db()
    return item
