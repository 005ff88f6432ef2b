"""What the clinic plugs into lower apps at start-up: the road-map hooks and the home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from petajalan.accounts.home import NextStep
from petajalan.accounts.models import Membership
from petajalan.roadmaps.plain import PlainRoadmap

R = Membership.Role


def submit_check(roadmap: Any, plain: PlainRoadmap) -> list[str]:
    """Blocking findings stop the submission, each with its place and message."""
    from petajalan.clinic.services import blocking_reasons

    return blocking_reasons(roadmap, plain)


def content_changed(roadmap: Any) -> None:
    """After a write through the road map's pages: review once and store it, so the panels and
    badges that follow read it (an autosave reviews once, not once per panel)."""
    from petajalan.clinic.services import refresh_review

    refresh_review(roadmap)


def roadmap_panel(request: HttpRequest, roadmap: Any) -> tuple[str, dict[str, Any]] | None:
    """The readiness panel on the road-map page, from the stored review (no rule runs on a view);
    it refreshes itself through htmx."""
    from petajalan.clinic.services import acknowledged, current_review

    result = current_review(roadmap)
    acks = acknowledged(roadmap)
    still_open = [f for f in result.findings if f.is_blocking or f.fingerprint not in acks]
    return "clinic/readiness_panel.html", {
        "roadmap": roadmap,
        "government": roadmap.government,
        "readiness": result.readiness(acks),
        "blocking": len(result.blocking),
        "chapters": result.chapter_readiness(acks),
        "findings": [(f, None) for f in still_open[:8]],  # open first; explained ones are counted
        "explained": len(result.findings) - len(still_open),
        "total": len(result.findings),
    }


def matrix_panel(request: HttpRequest, roadmap: Any) -> tuple[str, dict[str, Any]] | None:
    """Readiness beside the action matrix: rendered empty and filled by htmx after the page loads
    and after every ``roadmap-changed`` event, so the matrix page itself runs no review."""
    return "clinic/readiness_live.html", {"roadmap": roadmap, "government": roadmap.government}


def focus_hint_url(roadmap: Any, focus_keys: list[str]) -> str:
    """The focus-hint endpoint for the pack the road map's focus nodes come from ("" when none)."""
    pack = (
        "rb-roadmap:2023"
        if any(k.startswith(("urn:rb:general:", "urn:rb:tematik:")) for k in focus_keys)
        else "rb-roadmap:2020"
        if any(k.startswith("urn:rb:area:") for k in focus_keys)
        else ""
    )
    if not pack:
        return ""
    return reverse("clinic:focus-hints", kwargs={"gov": roadmap.government.slug}) + f"?paket={pack}"


def row_badge(roadmap: Any, action_uid: str) -> str:
    """Findings of the row being edited, next to it (a small list with the severity), from the
    review stored when the row was saved."""
    from petajalan.clinic.services import current_review

    result = current_review(roadmap)
    return render_to_string(
        "clinic/row_badge.html",
        {
            "findings": result.for_row(action_uid),
            "roadmap": roadmap,
            "government": roadmap.government,
            "uid": action_uid,
        },
    )


def home_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    """Open follow-ups of the user's unit; the coach queue for reviewers."""
    from petajalan.clinic.models import FollowUp
    from petajalan.lib.formatting import tanggal

    steps: list[NextStep] = []
    if roles & {R.DRAFTER, R.UNIT_HEAD}:
        items = (
            FollowUp.objects.visible_to(request.user)
            .filter(government=government)
            .open()
            .select_related("consultation__session", "unit")
        )
        for item in items[:10]:
            steps.append(
                NextStep(
                    title=_("Tindak lanjut coaching clinic: %(d)s") % {"d": item.description},
                    description=_("%(u)s · penanggung jawab %(o)s · tenggat %(t)s")
                    % {"u": item.unit, "o": item.owner, "t": tanggal(item.due_on)},
                    url=reverse(
                        "clinic:session-detail",
                        kwargs={"gov": government.slug, "session": item.consultation.session.uuid},
                    ),
                    action=_("Lihat catatan"),
                    priority=15,
                )
            )
    if roles & {R.REVIEWER, R.ADMIN}:
        from petajalan.roadmaps.models import Roadmap

        waiting = (
            Roadmap.objects.visible_to(request.user)
            .filter(government=government, status=Roadmap.Status.SUBMITTED)
            .count()
        )
        if waiting:
            steps.append(
                NextStep(
                    title=_("Road map menunggu reviu"),
                    description=_("%(n)s road map sudah diajukan dan menunggu pendamping.") % {"n": waiting},
                    url=reverse("clinic:queue", kwargs={"gov": government.slug}),
                    action=_("Buka antrean"),
                    priority=25,
                )
            )
    return steps
