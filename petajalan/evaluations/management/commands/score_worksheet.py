"""``petajalan score_worksheet ANSWERS.csv --pack lke:2023 [--bands rb-bands:2020] [--format json|text]``

Scores a worksheet from a CSV of answers without storing anything. The CSV has the header
``ref,value``: ``ref`` is an item's number in the pack (``1B.H.3``) or ``K`` for the coefficient;
``value`` is the answer as typed in the application (``85,5``, ``B``, ``Ya``, ``WTP``) or ``NA``.
Packs are read from the database when loaded there, else from the shipped catalogue. Bad rows are
reported with their line, and the exit status is 1.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from petajalan.evaluations import scoring


def pack_nodes(spec: str) -> list[dict[str, Any]]:
    """The node dicts of ``pack:version``, from the database or the shipped catalogue."""
    pack, sep, version = spec.partition(":")
    if not sep or not pack or not version:
        raise CommandError(_("Tulis paket sebagai kunci:versi, misalnya lke:2023."))
    try:
        from petajalan.frameworks.models import PackVersion

        stored = PackVersion.objects.filter(pack__key=pack, version=version).only("document").first()
        if stored is not None:
            return list(stored.document.get("nodes", []))
    except DatabaseError:
        pass  # no database yet: the catalogue still answers
    from petajalan.frameworks.loader import read_paths, shipped_paths

    for result in read_paths(shipped_paths()):
        doc = result.document
        if result.is_valid and doc is not None and doc["pack"] == pack and doc["version"] == version:
            return list(doc["nodes"])
    raise CommandError(_("Paket %s tidak ditemukan (di basis data maupun katalog bawaan).") % spec)


class Command(BaseCommand):
    help = _("Hitung nilai lembar kerja evaluasi dari berkas CSV jawaban tanpa menyimpan apa pun.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("answers", help=_("Berkas CSV dengan kepala kolom ref,value."))
        parser.add_argument("--pack", default="lke:2023", help=_("Lembar kerja, misalnya lke:2023."))
        parser.add_argument(
            "--bands", default="rb-bands:2020", help=_("Kategori nilai, misalnya rb-bands:2020.")
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        worksheet = scoring.build(pack_nodes(options["pack"]))
        bands = scoring.bands_of(pack_nodes(options["bands"]))
        answers, coefficient, problems = read_answers(Path(options["answers"]), worksheet)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                _("%d baris bermasalah; tidak ada nilai yang dihitung.") % len(problems), returncode=1
            )
        result = scoring.score(worksheet, answers, coefficient=coefficient, bands=bands)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(worksheet), ensure_ascii=False, indent=2))
            return
        self.stdout.write(text_report(worksheet, result))


def read_answers(
    path: Path, worksheet: scoring.Worksheet
) -> tuple[dict[str, str], Decimal | None, list[str]]:
    """(key → stored answer, coefficient, problems with their line numbers)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandError(
            _("Berkas %(p)s tidak dapat dibaca: %(e)s") % {"p": path, "e": exc.strerror}
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:2] != ["ref", "value"]:
        raise CommandError(_("Baris 1 harus berisi kepala kolom ref,value."))
    refs = worksheet.by_ref()
    answers: dict[str, str] = {}
    seen: dict[str, int] = {}
    coefficient: Decimal | None = None
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        ref = row[0].strip() if row else ""
        value = row[1].strip() if len(row) > 1 else ""
        where = _("baris %(n)d (%(ref)s): ") % {"n": line, "ref": ref or "-"}
        node = refs.get(ref)
        if node is None:
            problems.append(where + _("nomor kriteria tidak dikenal di lembar kerja ini."))
            continue
        if ref in seen:
            problems.append(where + _("nomor ini sudah ada di baris %d.") % seen[ref])
            continue
        seen[ref] = line
        try:
            if node is worksheet.coefficient:
                coefficient = scoring.parse_coefficient(worksheet, value)
            else:
                answers[node.key] = scoring.normalise(node, value)
        except scoring.AnswerError as exc:
            problems.append(where + str(exc))
    return answers, coefficient, problems


def text_report(worksheet: scoring.Worksheet, result: scoring.Score) -> str:
    """A plain table: every node with its points and weight, then the totals."""
    lines = []
    for key, entry in result.nodes.items():
        depth = len(worksheet.path(key)) - 1
        points = f"{scoring.r2(entry.points):>7.2f}"
        weight = f"{scoring.r2(entry.weight):>7.2f}"
        mark = " *" if entry.missing else (" NA" if entry.answer == scoring.NA else "")
        lines.append(f"{'  ' * depth}{entry.ref or key:<12} {points} / {weight}  {entry.title[:60]}{mark}")
    lines.append("")
    lines.append(_("RB General : %.2f") % scoring.r2(result.rb_general))
    lines.append(_("RB Tematik : %.2f") % scoring.r2(result.rb_tematik))
    lines.append(_("Indeks RB  : %(i).2f (%(b)s)") % {"i": scoring.r2(result.index), "b": result.band or "-"})
    if result.missing:
        refs = ", ".join(worksheet.nodes[k].ref or k for k in result.missing)
        lines.append(_("Belum dijawab (* bernilai 0): %s") % refs)
    return "\n".join(lines)
