"""Bulk import of units and people: upload → preview (a plan) → confirm (all-or-nothing).

``start_import`` parses the file and stores the rows in an ``ImportBatch``; ``plan_import`` checks
every row against the others and the current data and says what would change; ``confirm_import``
re-plans inside one transaction and writes everything or nothing, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import build_event, record, snapshot
from petajalan.accounts.models import AuditEvent, Government, ImportBatch, Membership, Unit, User
from petajalan.accounts.services import ServiceError
from petajalan.accounts.spreadsheet import PEOPLE_SHEET, UNIT_SHEET, parse_workbook
from petajalan.accounts.tasks import send_invitations

A = AuditEvent.Action
UNIT_VALUE_FIELDS = [
    "name",
    "short_name",
    "kind",
    "head_name",
    "head_nip",
    "head_position",
    "head_rank",
    "is_active",
]
FIELD_LABELS = {
    "name": "Nama perangkat daerah",
    "short_name": "Nama singkat",
    "kind": "Jenis",
    "parent": "Kode induk",
    "head_name": "Nama kepala",
    "head_nip": "NIP kepala",
    "head_position": "Jabatan kepala",
    "head_rank": "Pangkat/golongan kepala",
    "is_active": "Aktif",
    "units": "Kode unit",
}
NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"


class ImportRefused(Exception):
    """Confirming found errors (the data changed since the preview); nothing was written."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("import refused")
        self.plan = plan


@dataclass
class PlannedRow:
    sheet: str
    row: int
    data: dict[str, Any]
    status: str = UNCHANGED
    changes: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(
            {"sheet": self.sheet, "row": str(self.row), "column": column, "cell": "", "message": message}
        )
        self.status = ERROR


@dataclass
class Plan:
    units: list[PlannedRow]
    people: list[PlannedRow]
    skipped_examples: list[str]

    @property
    def errors(self) -> list[dict[str, str]]:
        return [e for r in [*self.units, *self.people] for e in r.errors]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in [*self.units, *self.people])

    def count(self, rows: list[PlannedRow], status: str) -> int:
        return sum(1 for r in rows if r.status == status)

    @property
    def summary(self) -> dict[str, int]:
        return {
            "units_new": self.count(self.units, NEW),
            "units_changed": self.count(self.units, CHANGED),
            "units_unchanged": self.count(self.units, UNCHANGED),
            "people_new": self.count(self.people, NEW),
            "people_changed": self.count(self.people, CHANGED),
            "people_unchanged": self.count(self.people, UNCHANGED),
            "errors": len(self.errors),
        }


def start_import(*, actor: Any, government: Government, file_name: str, data: bytes) -> ImportBatch:
    """Parse an upload and keep it for the preview; ``ImportFileError`` for an unusable file."""
    parsed = parse_workbook(data)
    return ImportBatch.objects.create(
        government=government, created_by=actor, file_name=file_name[:200], payload=parsed.as_payload()
    )


def _cell_errors(sheet: str, raw: dict[str, Any]) -> list[dict[str, str]]:
    return list(raw.get("errors") or [])


def plan_import(batch: ImportBatch) -> Plan:
    """What confirming ``batch`` would do now, row by row, with every error; a constant number of queries."""
    government = batch.government
    payload = batch.payload or {}
    unit_rows = [
        PlannedRow(UNIT_SHEET, r["row"], r, errors=_cell_errors(UNIT_SHEET, r))
        for r in payload.get("units", [])
    ]
    people_rows = [
        PlannedRow(PEOPLE_SHEET, r["row"], r, errors=_cell_errors(PEOPLE_SHEET, r))
        for r in payload.get("people", [])
    ]
    for row in [*unit_rows, *people_rows]:
        if row.errors:
            row.status = ERROR
    existing = {u.code: u for u in Unit.objects.filter(government=government).select_related("parent")}
    final_codes = _plan_units(unit_rows, existing)
    _plan_people(people_rows, government, final_codes)
    return Plan(unit_rows, people_rows, list(payload.get("skipped_examples", [])))


def _plan_units(rows: list[PlannedRow], existing: dict[str, Unit]) -> set[str]:
    first_row_of_code: dict[str, int] = {}
    for row in rows:
        code = row.data["code"]
        if not code:
            continue
        if code in first_row_of_code:
            row.error(
                FIELD_LABELS.get("code", "Kode unit"),
                _("Kode unit ini sudah ada di baris %(n)s lembar ini.") % {"n": first_row_of_code[code]},
            )
        else:
            first_row_of_code[code] = row.row
    in_file = {r.data["code"]: r for r in rows if r.data["code"]}
    final_short = {code: u.short_name for code, u in existing.items() if code not in in_file}
    final_short |= {code: r.data["short_name"] for code, r in in_file.items()}
    final_parent = {
        code: (u.parent.code if u.parent else "") for code, u in existing.items() if code not in in_file
    }
    final_parent |= {code: r.data["parent"] for code, r in in_file.items()}
    final_codes = set(final_short)
    by_short: dict[str, list[str]] = {}
    for code, short in final_short.items():
        by_short.setdefault(short.lower(), []).append(code)
    for row in rows:
        data = row.data
        code = data["code"]
        if not code:
            continue
        others = [c for c in by_short.get(data["short_name"].lower(), []) if c != code]
        if data["short_name"] and others:
            row.error(
                "Nama singkat",
                _("Nama singkat “%(short)s” juga dipakai unit berkode %(code)s.")
                % {"short": data["short_name"], "code": others[0]},
            )
        parent = data["parent"]
        if parent:
            if parent == code:
                row.error("Kode induk", _("Perangkat daerah tidak bisa menjadi induk dirinya."))
            elif parent not in final_codes:
                row.error(
                    "Kode induk",
                    _("Kode induk %(code)s tidak ada di lembar ini maupun di data.") % {"code": parent},
                )
            elif _has_cycle(code, final_parent):
                row.error("Kode induk", _("Hubungan induk berputar (unit menjadi induk dari induknya)."))
        if row.errors:
            continue
        unit = existing.get(code)
        if unit is None:
            row.status = NEW
            continue
        for name in UNIT_VALUE_FIELDS:
            if getattr(unit, name) != data[name]:
                row.changes.append(
                    f"{FIELD_LABELS[name]}: {_show(getattr(unit, name))} → {_show(data[name])}"
                )
        current_parent = unit.parent.code if unit.parent else ""
        if current_parent != parent:
            row.changes.append(f"{FIELD_LABELS['parent']}: {_show(current_parent)} → {_show(parent)}")
        row.status = CHANGED if row.changes else UNCHANGED
    return final_codes


def _has_cycle(code: str, parents: dict[str, str]) -> bool:
    seen = {code}
    current = parents.get(code, "")
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current, "")
    return False


def _show(value: Any) -> str:
    if value is True:
        return "Ya"
    if value is False:
        return "Tidak"
    return str(value) if value not in (None, "") else "—"


def _membership_key(user_email: str, role: str, unit_code: str | None) -> tuple[str, str, str]:
    return (user_email, role, unit_code or "")


def _plan_people(rows: list[PlannedRow], government: Government, final_codes: set[str]) -> None:
    emails = {r.data["email"] for r in rows if r.data["email"]}
    nips = {r.data["nip"] for r in rows if r.data["nip"]}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    nip_holders = {u.nip: u.email.lower() for u in User.objects.filter(nip__in=nips)}
    memberships = {
        _membership_key(m.user.email.lower(), m.role, m.unit.code if m.unit else None): m
        for m in Membership.objects.filter(government=government)
        .select_related("user", "unit")
        .prefetch_related("reviewed_units")
    }
    first_identity: dict[str, PlannedRow] = {}
    nip_in_file: dict[str, str] = {}
    seen_keys: dict[tuple[str, str, str], int] = {}
    for row in rows:
        data = row.data
        email, nip, role = data["email"], data["nip"], data["role"]
        if not email:
            continue
        for code in data["units"]:
            if code not in final_codes:
                row.error(
                    "Kode unit",
                    _("Kode unit %(code)s tidak ada di data maupun lembar Perangkat Daerah.")
                    % {"code": code},
                )
        first = first_identity.setdefault(email, row)
        if first is not row and (first.data["full_name"], first.data["nip"]) != (data["full_name"], nip):
            row.error(
                "Nama lengkap",
                _("Nama atau NIP berbeda dengan baris %(n)s untuk e-mail yang sama.") % {"n": first.row},
            )
        if nip:
            holder = nip_holders.get(nip)
            if holder is not None and holder != email:
                row.error("NIP", _("NIP ini sudah dipakai akun lain (e-mail berbeda)."))
            if nip_in_file.setdefault(nip, email) != email:
                row.error("NIP", _("NIP ini juga dipakai e-mail lain di lembar ini."))
        user = users.get(email)
        if user is not None and nip and user.nip and user.nip != nip:
            row.error("NIP", _("E-mail ini sudah terdaftar dengan NIP lain."))
        if not role:
            continue
        unit_code = data["units"][0] if role in Membership.UNIT_ROLES and data["units"] else None
        key = _membership_key(email, role, unit_code)
        if key in seen_keys:
            row.error(
                "Peran",
                _("Peran yang sama untuk orang ini sudah ada di baris %(n)s.") % {"n": seen_keys[key]},
            )
        seen_keys.setdefault(key, row.row)
        if row.errors:
            continue
        if user is not None and (
            user.full_name != data["full_name"] or (user.position or "") != data["position"]
        ):
            row.notes.append(
                _("Nama/jabatan berbeda dengan akun yang ada; data akun yang ada dipertahankan.")
            )
        membership = memberships.get(key)
        if membership is None:
            row.status = NEW
            if user is None:
                row.notes.append(_("Akun baru: undangan dikirim lewat e-mail."))
            continue
        if membership.is_active != data["is_active"]:
            row.changes.append(
                f"{FIELD_LABELS['is_active']}: {_show(membership.is_active)} → {_show(data['is_active'])}"
            )
        if role == Membership.Role.REVIEWER:
            current = sorted(u.code for u in membership.reviewed_units.all())
            if current != data["units"]:
                old, new = ", ".join(current) or "—", ", ".join(data["units"]) or "—"
                row.changes.append(f"{FIELD_LABELS['units']}: {old} → {new}")
        row.status = CHANGED if row.changes else UNCHANGED


def confirm_import(*, actor: Any, batch: ImportBatch, base_url: str = "") -> dict[str, int]:
    """Write the whole batch or nothing; a batch is confirmed once (``ServiceError`` otherwise)."""
    government = batch.government
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING).update(
            status=ImportBatch.Status.CONFIRMED, confirmed_at=timezone.now(), confirmed_by=actor
        )
        if not claimed:
            raise ServiceError(_("Impor ini sudah disimpan sebelumnya; tidak ada yang ditulis ulang."))
        plan = plan_import(batch)
        if plan.has_errors:
            raise ImportRefused(plan)
        units = _apply_units(actor, government, plan.units)
        invited = _apply_people(actor, government, plan.people, units, base_url)
        summary = plan.summary
        summary["invitations"] = len(invited)
        ImportBatch.objects.filter(pk=batch.pk).update(result=summary)
        record(
            actor=actor,
            action=A.IMPORT,
            obj=batch,
            government=government,
            after=summary,
            summary=batch.file_name,
        )
    return summary


def _apply_units(actor: Any, government: Government, rows: list[PlannedRow]) -> dict[str, Unit]:
    """Create and update the planned units in bulk, then link parents; one audit event per unit."""
    units = {u.code: u for u in Unit.objects.filter(government=government).select_related("parent")}
    written = [r for r in rows if r.status in (NEW, CHANGED)]
    befores: dict[str, dict[str, Any]] = {}
    new_units, changed_units = [], []
    for row in written:
        data = row.data
        values = {name: data[name] for name in UNIT_VALUE_FIELDS}
        if row.status == NEW:
            unit = Unit(government=government, code=data["code"], **values)
            new_units.append(unit)
            units[unit.code] = unit
        else:
            unit = units[data["code"]]
            befores[unit.code] = snapshot(unit)
            for name, value in values.items():
                setattr(unit, name, value)
            unit.version += 1
            unit.updated_at = timezone.now()
            changed_units.append(unit)
    Unit.objects.bulk_create(new_units)
    # Parents after every unit exists, so a child may come before its parent in the sheet.
    relinked = []
    for row in written:
        unit = units[row.data["code"]]
        parent = units.get(row.data["parent"]) if row.data["parent"] else None
        if row.status == NEW and parent is None:
            continue
        unit.parent = parent
        relinked.append(unit)
    if relinked:
        Unit.objects.bulk_update(relinked, [*UNIT_VALUE_FIELDS, "parent", "version", "updated_at"])
    events = [
        build_event(
            actor=actor,
            action=A.UPDATE if unit.code in befores else A.CREATE,
            obj=unit,
            before=befores.get(unit.code),
            after=snapshot(unit),
            summary=_("impor XLSX"),
        )
        for unit in (units[r.data["code"]] for r in written)
    ]
    AuditEvent.objects.bulk_create(events)
    return units


def _membership_data(membership: Membership, reviewed: list[Unit]) -> dict[str, Any]:
    """``services.membership_snapshot`` without queries (related rows are already loaded)."""
    data = snapshot(membership, ["user", "government", "role", "unit", "is_active"])
    data["reviewed_units"] = sorted(u.short_name for u in reviewed)
    return data


def _apply_people(
    actor: Any, government: Government, rows: list[PlannedRow], units: dict[str, Unit], base_url: str
) -> list[tuple[User, Membership]]:
    """Create accounts and roles in bulk, update the changed roles; one audit event per write."""
    written = [r for r in rows if r.status in (NEW, CHANGED)]
    emails = {r.data["email"] for r in written}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    new_users: dict[str, User] = {}
    for row in written:
        data = row.data
        if data["email"] not in users and data["email"] not in new_users:
            user = User(
                email=data["email"],
                full_name=data["full_name"],
                nip=data["nip"] or None,
                position=data["position"],
            )
            user.set_unusable_password()
            new_users[user.email] = user
    User.objects.bulk_create(list(new_users.values()))
    users |= new_users
    existing = {
        _membership_key(m.user.email.lower(), m.role, m.unit.code if m.unit else None): m
        for m in Membership.objects.filter(government=government, user__email__in=emails)
        .select_related("user", "unit")
        .prefetch_related("reviewed_units")
    }
    events = [
        build_event(actor=actor, action=A.CREATE, obj=u, government=government, after=snapshot(u))
        for u in new_users.values()
    ]
    created: list[tuple[Membership, list[Unit]]] = []
    changed: list[tuple[Membership, list[Unit], dict[str, Any]]] = []
    for row in written:
        data = row.data
        role = data["role"]
        user = users[data["email"]]
        unit = units[data["units"][0]] if role in Membership.UNIT_ROLES else None
        reviewed = [units[c] for c in data["units"]] if role == Membership.Role.REVIEWER else []
        membership = existing.get(_membership_key(data["email"], role, unit.code if unit else None))
        if membership is None:
            membership = Membership(
                user=user, government=government, role=role, unit=unit, is_active=data["is_active"]
            )
            created.append((membership, reviewed))
        else:
            membership.government = government
            before = _membership_data(membership, list(membership.reviewed_units.all()))
            membership.is_active = data["is_active"]
            changed.append((membership, reviewed, before))
    Membership.objects.bulk_create([m for m, _r in created])
    Membership.objects.bulk_update([m for m, _r, _b in changed], ["is_active"])
    through = Membership.reviewed_units.through
    through.objects.bulk_create(
        [through(membership_id=m.pk, unit_id=u.pk) for m, reviewed in created for u in reviewed]
    )
    for membership, reviewed, _before in changed:
        if membership.role == Membership.Role.REVIEWER:
            membership.reviewed_units.set(reviewed)
    events += [
        build_event(
            actor=actor, action=A.INVITE, obj=m, after=_membership_data(m, reviewed), summary=_("impor XLSX")
        )
        for m, reviewed in created
    ]
    events += [
        build_event(
            actor=actor,
            action=A.UPDATE,
            obj=m,
            before=before,
            after=_membership_data(m, reviewed if m.role == Membership.Role.REVIEWER else []),
            summary=_("impor XLSX"),
        )
        for m, reviewed, before in changed
    ]
    AuditEvent.objects.bulk_create(events)
    invitations: list[tuple[User, Membership]] = []
    invited: set[str] = set()
    for membership, _reviewed in created:
        email = membership.user.email
        if membership.is_active and email in new_users and email not in invited:
            invited.add(email)
            invitations.append((membership.user, membership))
    if invitations:
        # Hundreds of e-mails go to the task worker, not into the request.
        ids = [m.pk for _u, m in invitations]
        transaction.on_commit(partial(send_invitations.enqueue, ids, base_url, getattr(actor, "pk", None)))
    return invitations
