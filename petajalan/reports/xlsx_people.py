"""The people sheets of a road-map workbook (``Tim RB``, ``Agen Perubahan``), read for xlsx_reader.

The plain road map keeps no ID for these people, so a row is known by team and name (a member) or
by name (an agent): a column missing from the file keeps that person's stored value, and the preview
counts people added, changed and removed by the same keys. A sheet missing from the file keeps the
stored list; a sheet that is there replaces it, as the other sheets replace their rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from petajalan.lib.codes import normalise_nip
from petajalan.reports import xlsx_format as fmt
from petajalan.reports.values import cell_text
from petajalan.roadmaps.plain import ChangeAgent, TeamMember

if TYPE_CHECKING:
    from petajalan.reports.xlsx_reader import _Reader, _Row

TEAM_ALIASES = {
    **{label.casefold(): key for key, label in fmt.TEAM_LABELS.items()},
    **{key: key for key in fmt.TEAM_LABELS},
    "pengarah": "steering",
    "pelaksana": "implementing",
    "pokja": "working_group",
}


def member_key(member: TeamMember) -> tuple[str, str]:
    return member.team, _folded(member.name)


def agent_key(agent: ChangeAgent) -> str:
    return _folded(agent.name)


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def read_team(reader: _Reader) -> list[TeamMember]:
    """The members on the team sheet(s), in the file's order; every bad cell is a problem."""
    stored = {member_key(m): m for m in reader.base.team} if reader.base else {}
    columns = {c.key: c for c in fmt.TEAM_COLUMNS}
    result = []
    for sheet, rows, present in reader.team_rows:
        for position, row in enumerate(rows, start=1):
            cells = _Cells(reader, sheet, row, columns)
            team = cells.team()
            name = cells.text("name", missing=_("Nama belum diisi."))
            values = {
                "role": cells.text(
                    "role", missing=_("Kedudukan belum diisi (misalnya Ketua, Sekretaris, Anggota).")
                ),
                "position": cells.text("position"),
                "nip": cells.nip(),
                "group": cells.text("group"),
            }
            previous = stored.get((team, _folded(name)))
            values = {k: reader._keep(present, previous, k, v) for k, v in values.items()}
            order = reader._order(sheet, row, position)
            result.append(TeamMember(team=team, name=name, order=order, **values))
    return result


def read_agents(reader: _Reader) -> list[ChangeAgent]:
    """The agents of change on the agents sheet(s), in the file's order."""
    stored = {agent_key(a): a for a in reader.base.change_agents} if reader.base else {}
    columns = {c.key: c for c in fmt.AGENT_COLUMNS}
    result = []
    for sheet, rows, present in reader.agent_rows:
        for position, row in enumerate(rows, start=1):
            cells = _Cells(reader, sheet, row, columns)
            name = cells.text("name", missing=_("Nama belum diisi."))
            values = {
                "position": cells.text("position"),
                "nip": cells.nip(),
                "unit": cells.text("unit"),
                "action_plan": cells.text("action_plan"),
            }
            previous = stored.get(_folded(name))
            values = {k: reader._keep(present, previous, k, v) for k, v in values.items()}
            order = reader._order(sheet, row, position)
            result.append(ChangeAgent(name=name, order=order, **values))
    return result


def changes(
    before: list[Any], after: list[Any], key: Callable[[Any], Any]
) -> tuple[list[str], list[str], list[str]]:
    """Names of the people added, changed and removed, matched by ``key``."""
    old = {key(p): p for p in before}
    new = {key(p): p for p in after}
    return (
        [p.name for k, p in new.items() if k not in old],
        [p.name for k, p in new.items() if k in old and old[k] != p],
        [p.name for k, p in old.items() if k not in new],
    )


class _Cells:
    """One row's cells, each read with its problem reported at its sheet, row and column."""

    def __init__(self, reader: _Reader, sheet: str, row: _Row, columns: dict[str, fmt.Column]) -> None:
        self.reader, self.sheet, self.row, self.columns = reader, sheet, row, columns

    def _problem(self, key: str, message: str) -> None:
        self.reader.problems.add(self.sheet, self.row.number, self.columns[key].header, message)

    def text(self, key: str, *, missing: str = "") -> str:
        value = cell_text(self.row.cells.get(key))
        if missing and not value.strip():
            self._problem(key, missing)
        limit = self.columns[key].max_length
        if limit and len(value) > limit:
            self._problem(
                key,
                _("Isian terlalu panjang: %(length)s karakter; paling banyak %(limit)s.")
                % {"length": len(value), "limit": limit},
            )
        return value

    def team(self) -> str:
        text = cell_text(self.row.cells.get("team")).strip()
        choices = ", ".join(list(fmt.TEAM_LABELS.values())[:-1])
        last = list(fmt.TEAM_LABELS.values())[-1]
        if not text:
            self._problem(
                "team",
                _("Tim belum diisi; pilih %(choices)s atau %(last)s.") % {"choices": choices, "last": last},
            )
            return ""
        key = TEAM_ALIASES.get(" ".join(text.split()).casefold())
        if key is None:
            self._problem(
                "team",
                _("Tim “%(text)s” tidak dikenal; pilih %(choices)s atau %(last)s.")
                % {"text": text, "choices": choices, "last": last},
            )
            return text
        return key

    def nip(self) -> str:
        value = self.row.cells.get("nip")
        if isinstance(value, float):
            # Excel keeps 15 significant digits: the last three of an 18-digit NIP are gone
            self._problem(
                "nip",
                _(
                    "NIP tersimpan sebagai angka sehingga angka terakhirnya berubah. Ketik NIP sebagai "
                    "teks, diawali tanda petik: '196009101980031003."
                ),
            )
            return ""
        nip = normalise_nip(cell_text(value).lstrip("'"))  # the quote typed to keep it text
        if nip and not re.fullmatch(r"\d{18}", nip):
            self._problem("nip", _("NIP harus 18 angka."))
        return nip
