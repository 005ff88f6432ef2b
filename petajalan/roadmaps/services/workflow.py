"""The review loop: draft → submitted → in review → changes requested → approved → enacted.

Only the unit head submits a unit road map; reviewers and admins review; only admins enact.
Submit, approve and enact each freeze an immutable snapshot (canonical JSON and its SHA-256).
After enactment a change goes through a ``ChangeRequest`` that the admin accepts or rejects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Membership
from petajalan.accounts.querysets import active_memberships
from petajalan.roadmaps import hooks
from petajalan.roadmaps import plain as P
from petajalan.roadmaps.models import ChangeRequest, Comment, Roadmap, Snapshot
from petajalan.roadmaps.services.convert import to_plain
from petajalan.roadmaps.services.notify import notify, reviewers_and_admins, unit_people

S = Roadmap.Status
R = Membership.Role


class WorkflowError(Exception):
    """A transition the state or the role does not allow; the message is for the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: Any
    snapshot: str | None = None


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            (S.DRAFT, S.CHANGES_REQUESTED),
            S.SUBMITTED,
            gettext_lazy("Ajukan"),
            Snapshot.Kind.SUBMIT,
        ),
        Transition("start_review", (S.SUBMITTED,), S.IN_REVIEW, gettext_lazy("Mulai reviu")),
        Transition(
            "request_changes",
            (S.SUBMITTED, S.IN_REVIEW),
            S.CHANGES_REQUESTED,
            gettext_lazy("Minta perbaikan"),
        ),
        Transition("approve", (S.IN_REVIEW,), S.APPROVED, gettext_lazy("Setujui"), Snapshot.Kind.APPROVE),
        Transition("enact", (S.APPROVED,), S.ENACTED, gettext_lazy("Tetapkan"), Snapshot.Kind.ENACT),
    ]
}


def roles_for(user: Any, roadmap: Roadmap) -> set[str]:
    """The roles that count for this road map: unit roles only for its own unit."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return {R.ADMIN, R.UNIT_HEAD, R.REVIEWER}
    roles = set()
    for role, unit_id in (
        active_memberships(user).filter(government=roadmap.government).values_list("role", "unit_id")
    ):
        if role in (R.DRAFTER, R.UNIT_HEAD):
            if unit_id == roadmap.unit_id:
                roles.add(role)
        else:
            roles.add(role)
    return roles


def may(user: Any, roadmap: Roadmap, name: str, roles: set[str] | None = None) -> bool:
    """Whether the user's role allows transition ``name`` on this road map (state aside)."""
    roles = roles_for(user, roadmap) if roles is None else roles
    if name == "submit":
        return (R.ADMIN in roles) if roadmap.is_city else (R.UNIT_HEAD in roles)
    if name in ("start_review", "request_changes", "approve"):
        if roadmap.is_city:
            return R.ADMIN in roles
        # a reviewer can only see road maps of units they coach, so the role is enough here
        return bool(roles & {R.ADMIN, R.REVIEWER})
    if name == "enact":
        return R.ADMIN in roles
    return False


def allowed_transitions(user: Any, roadmap: Roadmap) -> list[Transition]:
    """Transitions the user may make now, in workflow order."""
    roles = roles_for(user, roadmap)
    return [
        t for t in TRANSITIONS.values() if roadmap.status in t.sources and may(user, roadmap, t.name, roles)
    ]


def freeze_snapshot(
    *, actor: Any, roadmap: Roadmap, kind: str, plain: P.PlainRoadmap | None = None
) -> Snapshot:
    """Store the road map as canonical JSON with its SHA-256; snapshots are never changed."""
    plain = plain or to_plain(roadmap)
    text = P.canonical_json(plain)
    return Snapshot.objects.create(
        government=roadmap.government,
        roadmap=roadmap,
        kind=kind,
        sha256=P.sha256(plain),
        canonical_json=text,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def submit_problems(roadmap: Roadmap, plain: P.PlainRoadmap) -> list[str]:
    """Reasons a road map cannot be submitted yet: our own minimum plus the registered checks."""
    reasons = []
    if not plain.actions:
        reasons.append(_("Belum ada rencana aksi."))
    reasons.extend(hooks.submit_blockers(roadmap, plain))
    return reasons


def transition(
    *,
    actor: Any,
    roadmap: Roadmap,
    name: str,
    note: str = "",
    enactment_number: str = "",
    enacted_on: dt.date | None = None,
) -> Roadmap:
    """Move the road map through the workflow, freezing a snapshot where the step asks for one."""
    step = TRANSITIONS.get(name)
    if step is None:
        raise WorkflowError(_("Langkah alur kerja tidak dikenal."))
    with transaction.atomic():
        r = (
            Roadmap.objects.select_for_update(of=("self",))
            .select_related("government", "unit")
            .get(pk=roadmap.pk)
        )
        if not may(actor, r, name):
            raise WorkflowError(_("Peran Anda tidak mengizinkan langkah “%(s)s”.") % {"s": step.label})
        if r.status not in step.sources:
            raise WorkflowError(
                _("Road map berstatus “%(st)s”; langkah “%(s)s” tidak bisa dilakukan.")
                % {"st": r.get_status_display(), "s": step.label}
            )
        plain = to_plain(r) if step.snapshot else None
        if name == "submit":
            reasons = submit_problems(r, plain)  # type: ignore[arg-type]
            if reasons:
                raise WorkflowError(" ".join(reasons))
        if name == "request_changes" and not note.strip():
            raise WorkflowError(_("Tuliskan apa yang perlu diperbaiki."), field="note")
        if name == "enact":
            if not enactment_number.strip():
                raise WorkflowError(_("Isi nomor Peraturan Wali Kota/Bupati."), field="enactment_number")
            if enacted_on is None:
                raise WorkflowError(_("Isi tanggal penetapan."), field="enacted_on")
            r.enactment_number, r.enacted_on = enactment_number.strip(), enacted_on
        before = {"status": r.status}
        r.status = step.target
        r.version += 1
        r.last_activity_at = timezone.now()
        r.save()
        snapshot = None
        if step.snapshot:
            plain = to_plain(r)
            snapshot = freeze_snapshot(actor=actor, roadmap=r, kind=step.snapshot, plain=plain)
        if note.strip():
            Comment.objects.create(
                government=r.government,
                roadmap=r,
                body=note.strip(),
                author=actor,
                needs_fix=name == "request_changes",
            )
        record(
            actor=actor,
            action=AuditEvent.Action.TRANSITION,
            obj=r,
            before=before,
            after={"status": r.status, "sha256": snapshot.sha256 if snapshot else None},
            summary=f"{name}: {before['status']} → {r.status}",
        )
        message = _("%(t)s: %(s)s oleh %(a)s") % {"t": r.title, "s": r.get_status_display(), "a": actor}
        recipients = reviewers_and_admins(r) if name == "submit" else unit_people(r)
        notify(recipients, r, message, actor=actor)
    return r


def request_change(*, actor: Any, roadmap: Roadmap, reason: str) -> ChangeRequest:
    """Ask to change an enacted road map; the admin decides."""
    if not reason.strip():
        raise WorkflowError(_("Tuliskan alasan perubahan."), field="reason")
    with transaction.atomic():
        r = Roadmap.objects.select_for_update(of=("self",)).get(pk=roadmap.pk)
        roles = roles_for(actor, r)
        if not (roles & {R.DRAFTER, R.UNIT_HEAD} or (r.is_city and R.ADMIN in roles)):
            raise WorkflowError(
                _("Hanya penyusun atau kepala perangkat daerah yang dapat mengusulkan perubahan.")
            )
        if r.status != S.ENACTED:
            raise WorkflowError(_("Usulan perubahan hanya untuk road map yang sudah ditetapkan."))
        if r.change_requests.filter(status=ChangeRequest.Status.OPEN).exists():
            raise WorkflowError(_("Masih ada usulan perubahan yang menunggu keputusan."))
        cr = ChangeRequest.objects.create(
            government=r.government, roadmap=r, reason=reason.strip(), requested_by=actor
        )
        record(actor=actor, action=AuditEvent.Action.CREATE, obj=cr, after={"reason": cr.reason})
        notify(
            reviewers_and_admins(r),
            r,
            _("Usulan perubahan %(t)s: %(r)s") % {"t": r.title, "r": cr.reason[:120]},
            actor=actor,
        )
    return cr


def decide_change_request(
    *, actor: Any, change_request: ChangeRequest, accept: bool, note: str = ""
) -> ChangeRequest:
    """Accept (the road map returns to draft, the enacted version frozen first) or reject."""
    with transaction.atomic():
        cr = (
            ChangeRequest.objects.select_for_update(of=("self",))
            .select_related("roadmap__government")
            .get(pk=change_request.pk)
        )
        r = cr.roadmap
        if R.ADMIN not in roles_for(actor, r):
            raise WorkflowError(_("Hanya Bagian Organisasi yang memutuskan usulan perubahan."))
        if cr.status != ChangeRequest.Status.OPEN:
            raise WorkflowError(_("Usulan ini sudah diputuskan."))
        cr.status = ChangeRequest.Status.ACCEPTED if accept else ChangeRequest.Status.REJECTED
        cr.decided_by, cr.decided_at, cr.decision_note = actor, timezone.now(), note.strip()
        cr.save()
        if accept:
            freeze_snapshot(actor=actor, roadmap=r, kind=Snapshot.Kind.CHANGE)
            Roadmap.objects.filter(pk=r.pk).update(
                status=S.DRAFT, version=r.version + 1, last_activity_at=timezone.now()
            )
        record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=cr,
            before={"status": ChangeRequest.Status.OPEN},
            after={"status": cr.status, "note": cr.decision_note},
        )
        notify(
            unit_people(r),
            r,
            _("Usulan perubahan %(t)s %(s)s") % {"t": r.title, "s": cr.get_status_display().lower()},
            actor=actor,
        )
    return cr
