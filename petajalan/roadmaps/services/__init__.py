"""Road-map services: every write goes through one of these (audited, atomic)."""

from petajalan.roadmaps.services.city import budget_totals, consolidate, coverage, tracker
from petajalan.roadmaps.services.comments import add_comment, may_comment, resolve_comment
from petajalan.roadmaps.services.convert import (
    ApplyResult,
    PlainApplyError,
    apply_plain,
    focus_nodes,
    to_plain,
    validate_plain,
)
from petajalan.roadmaps.services.create import StartFrom, copy_previous, create_roadmap, pull_city_actions
from petajalan.roadmaps.services.rows import (
    StaleEditError,
    delete_row,
    duplicate_action,
    move_row,
    save_action,
    save_chapter,
    save_row,
)
from petajalan.roadmaps.services.workflow import (
    TRANSITIONS,
    WorkflowError,
    allowed_transitions,
    decide_change_request,
    freeze_snapshot,
    may,
    request_change,
    roles_for,
    submit_problems,
    transition,
)

__all__ = [
    "TRANSITIONS",
    "ApplyResult",
    "PlainApplyError",
    "StaleEditError",
    "StartFrom",
    "WorkflowError",
    "add_comment",
    "allowed_transitions",
    "apply_plain",
    "budget_totals",
    "consolidate",
    "copy_previous",
    "coverage",
    "create_roadmap",
    "decide_change_request",
    "delete_row",
    "duplicate_action",
    "focus_nodes",
    "freeze_snapshot",
    "may",
    "may_comment",
    "move_row",
    "pull_city_actions",
    "request_change",
    "resolve_comment",
    "roles_for",
    "save_action",
    "save_chapter",
    "save_row",
    "submit_problems",
    "to_plain",
    "tracker",
    "transition",
    "validate_plain",
]
