"""Downloads of a coaching session: the attendance list (XLSX) and the session report (DOCX)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from petajalan.clinic.models import ClinicSession
from petajalan.lib.formatting import tanggal


def attendance_xlsx(session: ClinicSession) -> bytes:
    """Daftar hadir: one row per participant, present ones ticked, ready to print or sign."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Daftar hadir")[:31]
    sheet.append([session.title])
    sheet.append([f"{tanggal(session.held_on)} · {session.place}"])
    sheet.append([])
    header = [
        _("No."),
        _("Nama"),
        _("NIP"),
        _("Jabatan"),
        _("Perangkat Daerah"),
        _("Hadir"),
        _("Waktu hadir"),
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    participants = session.participants.all().order_by("unit_name", "name")
    for n, p in enumerate(participants, start=1):
        sheet.append(
            [
                n,
                p.name,
                p.nip,
                p.position,
                p.unit_name,
                _("Ya") if p.is_present else _("Tidak"),
                p.checked_in_at.strftime("%H:%M") if p.checked_in_at else "",
            ]
        )
    for column, width in zip("ABCDEFG", (5, 32, 22, 28, 30, 8, 12), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        row[2].number_format = "@"
        row[0].alignment = Alignment(horizontal="right")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def session_report_docx(session: ClinicSession) -> bytes:
    """Laporan pelaksanaan: the event, speakers, attendance per unit, consultations and follow-ups."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    doc.add_heading(_("Laporan Pelaksanaan Coaching Clinic"), level=0)
    doc.add_paragraph(session.title)
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    participants = list(session.participants.all())
    present = [p for p in participants if p.is_present]
    for label, value in (
        (_("Tanggal"), tanggal(session.held_on)),
        (_("Tempat"), session.place),
        (_("Narasumber"), "\n".join(session.speaker_list) or "—"),
        (_("Perangkat daerah diundang"), str(session.invited_units.count())),
        (_("Peserta hadir"), _("%(h)s dari %(n)s orang") % {"h": len(present), "n": len(participants)}),
    ):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    if session.agenda.strip():
        doc.add_heading(_("Agenda dan catatan"), level=1)
        for para in session.agenda.split("\n\n"):
            doc.add_paragraph(para.strip())
    doc.add_heading(_("Kehadiran per perangkat daerah"), level=1)
    per_unit: dict[str, list[int]] = {}
    for p in participants:
        counts = per_unit.setdefault(p.unit_name or _("(tanpa unit)"), [0, 0])
        counts[0] += 1
        counts[1] += p.is_present
    invited = {u.short_name for u in session.invited_units.all()}
    for name in sorted(invited - set(per_unit)):
        per_unit[name] = [0, 0]
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("Perangkat daerah"), _("Terdaftar"), _("Hadir")), strict=True
    ):
        cell.text = text
    for name, (listed, came) in sorted(per_unit.items()):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, str(listed), str(came)
    doc.add_heading(_("Hasil konsultasi dan tindak lanjut"), level=1)
    consultations = session.consultations.select_related("unit", "coach").prefetch_related("follow_ups")
    if not consultations:
        doc.add_paragraph(_("Tidak ada catatan konsultasi."))
    for c in consultations:
        doc.add_heading(str(c.unit.name), level=2)
        doc.add_paragraph(c.notes)
        items = list(c.follow_ups.all())
        if items:
            t = doc.add_table(rows=1, cols=4)
            t.style = "Table Grid"
            for cell, text in zip(
                t.rows[0].cells,
                (_("Tindak lanjut"), _("Penanggung jawab"), _("Tenggat"), _("Status")),
                strict=True,
            ):
                cell.text = text
            for f in items:
                cells = t.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = f.description, f.owner, tanggal(f.due_on)
                cells[3].text = _("Selesai") if f.is_done else _("Belum")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
