"""Threaded comments on a road map, a chapter or an action row; a reviewer marks rows "perlu
perbaikan", the drafter answers, and threads are resolved."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Membership
from petajalan.roadmaps.models import Action, Chapter, Comment, Roadmap
from petajalan.roadmaps.services.notify import notify, reviewers_and_admins, unit_people
from petajalan.roadmaps.services.workflow import WorkflowError, roles_for

R = Membership.Role
COMMENTERS = {R.ADMIN, R.REVIEWER, R.DRAFTER, R.UNIT_HEAD}


def may_comment(user: Any, roadmap: Roadmap) -> bool:
    """Everyone working on the road map comments; leaders only read."""
    return bool(roles_for(user, roadmap) & COMMENTERS)


def add_comment(
    *,
    actor: Any,
    roadmap: Roadmap,
    body: str,
    parent: Comment | None = None,
    chapter: Chapter | None = None,
    action: Action | None = None,
    needs_fix: bool = False,
) -> Comment:
    """Post a comment or a reply and tell the other side."""
    roles = roles_for(actor, roadmap)
    if not roles & COMMENTERS:
        raise WorkflowError(_("Peran Anda hanya dapat membaca komentar."))
    if needs_fix and not roles & {R.ADMIN, R.REVIEWER}:
        raise WorkflowError(_("Hanya pendamping yang menandai “perlu perbaikan”."), field="needs_fix")
    if not body.strip():
        raise WorkflowError(_("Komentar masih kosong."), field="body")
    with transaction.atomic():
        if parent is not None:
            chapter, action = parent.chapter, parent.action
        comment = Comment.objects.create(
            government=roadmap.government,
            roadmap=roadmap,
            parent=parent,
            chapter=chapter,
            action=action,
            body=body.strip(),
            needs_fix=needs_fix,
            author=actor,
        )
        record(actor=actor, action=AuditEvent.Action.CREATE, obj=comment, after={"body": comment.body[:200]})
        Roadmap.objects.filter(pk=roadmap.pk).update(last_activity_at=timezone.now())
        from_unit = bool(roles & {R.DRAFTER, R.UNIT_HEAD})
        people = reviewers_and_admins(roadmap) if from_unit else unit_people(roadmap)
        if parent is not None and parent.author is not None:
            people.append(parent.author)
        where = action.activity[:60] if action else (chapter.title if chapter else roadmap.title)
        notify(
            people, roadmap, _("Komentar baru dari %(a)s pada %(w)s") % {"a": actor, "w": where}, actor=actor
        )
    return comment


def resolve_comment(*, actor: Any, comment: Comment) -> Comment:
    """Close a thread (its root)."""
    root = comment.parent or comment
    if not may_comment(actor, root.roadmap):
        raise WorkflowError(_("Peran Anda hanya dapat membaca komentar."))
    with transaction.atomic():
        root.is_resolved, root.resolved_by, root.resolved_at = True, actor, timezone.now()
        root.save(update_fields=["is_resolved", "resolved_by", "resolved_at"])
        record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=root,
            before={"is_resolved": False},
            after={"is_resolved": True},
        )
    return root
