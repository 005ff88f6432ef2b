"""An enacted road map frozen by its enactment snapshot, a verified quarterly report and an evaluation
cycle, plus helpers that find and decode the verification QR in a PDF or a DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest

from petajalan.evaluations.tests.conftest import cycle, packs  # noqa: F401
from petajalan.monitoring.tests.conftest import enacted_roadmap, period, report, rows  # noqa: F401
from petajalan.roadmaps.models import Roadmap, Snapshot
from petajalan.roadmaps.services.workflow import freeze_snapshot
from petajalan.roadmaps.tests.factories import make_action, make_problem, make_quick_win, make_roadmap

CODE_IN_URL = re.compile(r"/verifikasi/([0-9A-Z]{4}-[0-9A-Z]{4})/$")


@pytest.fixture
def enacted(gov: Any, unit: Any, admin: Any) -> Roadmap:
    """A unit road map enacted by Peraturan Wali Kota Nomor 7 Tahun 2025, with its snapshot."""
    unit.head_name = "dr. Siti Rahmah, M.Kes."
    unit.head_nip = "196009101980031003"
    unit.save()
    r = make_roadmap(gov, unit, title="Road Map RB Dinas Kesehatan 2025-2029")
    problem = make_problem(r)
    for _n in range(4):
        make_action(r).problems.add(problem)
    make_quick_win(r)
    Roadmap.objects.filter(pk=r.pk).update(
        status=Roadmap.Status.ENACTED, enactment_number="7", enacted_on=dt.date(2025, 3, 12)
    )
    r.refresh_from_db()
    freeze_snapshot(actor=admin, roadmap=r, kind=Snapshot.Kind.ENACT)
    return r


def pdf_qr_urls(content: bytes, pages: list[int] | None = None, scale: float = 4.0) -> list[str]:
    """The text of every QR code found on the given pages (all pages by default)."""
    import pypdfium2
    import zxingcpp

    pdf = pypdfium2.PdfDocument(content)
    found: list[str] = []
    try:
        for index in pages if pages is not None else range(len(pdf)):
            image = pdf[index].render(scale=scale).to_pil()
            found.extend(b.text for b in zxingcpp.read_barcodes(image))
    finally:
        pdf.close()
    return found


def docx_footer_pictures(content: bytes) -> list[bytes]:
    """The pictures the footers of a DOCX show (through each footer part's relationships)."""
    pictures = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        for name in names:
            if re.fullmatch(r"word/footer\d+\.xml", name):
                rels = (
                    archive.read(name.replace("word/", "word/_rels/") + ".rels").decode()
                    if (name.replace("word/", "word/_rels/") + ".rels") in names
                    else ""
                )
                for target in re.findall(r'Target="(media/[^"]+)"', rels):
                    pictures.append(archive.read("word/" + target))
    return pictures


def decode_png(data: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))]


def path_of(url: str) -> str:
    match = re.match(r"https?://[^/]+(/.*)$", url)
    assert match, url
    return match.group(1)
