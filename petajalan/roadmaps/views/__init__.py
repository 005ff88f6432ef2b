"""Road-map screens, one module per screen family; ``urls.py`` imports them from here."""

from petajalan.roadmaps.views.city import city_consolidate, city_overview, notification_list, roadmap_gantt
from petajalan.roadmaps.views.matrix import (
    action_create,
    action_delete,
    action_duplicate,
    action_edit,
    action_matrix,
    action_move,
)
from petajalan.roadmaps.views.pages import roadmap_create, roadmap_detail, roadmap_list
from petajalan.roadmaps.views.review import (
    change_request_create,
    change_request_decide,
    comment_create,
    comment_resolve,
    roadmap_transition,
    snapshot_diff,
    snapshot_json,
)
from petajalan.roadmaps.views.sections import chapter_edit, section_list, section_row_delete, section_row_edit

__all__ = [
    "action_create",
    "action_delete",
    "action_duplicate",
    "action_edit",
    "action_matrix",
    "action_move",
    "change_request_create",
    "change_request_decide",
    "chapter_edit",
    "city_consolidate",
    "city_overview",
    "comment_create",
    "comment_resolve",
    "notification_list",
    "roadmap_create",
    "roadmap_detail",
    "roadmap_gantt",
    "roadmap_list",
    "roadmap_transition",
    "section_list",
    "section_row_delete",
    "section_row_edit",
    "snapshot_diff",
    "snapshot_json",
]
