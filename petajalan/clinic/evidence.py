"""Coaching sessions as targets of the evidence bank: their materials are kept there."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from petajalan.clinic.models import ClinicSession
from petajalan.evidence import targets
from petajalan.evidence.models import Link
from petajalan.evidence.targets import Target

K = Link.TargetKind


def resolve_sessions(ids: list[str]) -> dict[str, Target]:
    pks = [int(i) for i in ids if re.fullmatch(r"\d{1,18}", i)]
    rows = ClinicSession.objects.filter(pk__in=pks).values(
        "pk", "uuid", "title", "held_on", "government_id", "government__slug"
    )
    return {
        str(r["pk"]): Target(
            kind=K.CLINIC_SESSION,
            id=str(r["pk"]),
            government_id=r["government_id"],
            unit_id=None,
            label=_("Sesi klinik: %(t)s") % {"t": r["title"]},
            url=reverse("clinic:session-detail", kwargs={"gov": r["government__slug"], "session": r["uuid"]}),
            year=r["held_on"].year,
            folder=_("Materi coaching clinic"),
            order=(3, r["held_on"].toordinal()),
        )
        for r in rows
    }


def find_session(request: Any, government: Any, target_id: str) -> Target:
    if not re.fullmatch(r"\d{1,18}", target_id) or not (
        ClinicSession.objects.visible_to(request.user)
        .filter(government=government, pk=int(target_id))
        .exists()
    ):
        raise Http404(_("Halaman tidak ditemukan."))
    return resolve_sessions([target_id])[target_id]


def register() -> None:
    targets.register(K.CLINIC_SESSION, resolve=resolve_sessions, find=find_session)
