"""Read-only admin views of the packs: stored versions are never edited, only replaced by new ones."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from petajalan.frameworks.models import Adoption, CrosswalkLink, Node, Pack, PackVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Pack)
class PackAdmin(ReadOnlyAdmin):
    list_display = ["key", "purpose", "title"]


@admin.register(PackVersion)
class PackVersionAdmin(ReadOnlyAdmin):
    list_display = ["pack", "version", "title", "owner", "verified", "is_complete", "loaded_at"]
    list_filter = ["pack", "verified", "is_complete"]
    exclude = ["document"]


@admin.register(Node)
class NodeAdmin(ReadOnlyAdmin):
    list_display = ["key", "version", "kind", "ref", "title", "weight", "verified"]
    list_filter = ["version__pack", "kind", "verified"]
    search_fields = ["key", "title"]
    list_select_related = ["version__pack"]


@admin.register(CrosswalkLink)
class CrosswalkLinkAdmin(ReadOnlyAdmin):
    list_display = ["crosswalk", "source", "relation", "target"]
    list_select_related = ["crosswalk", "source", "target"]


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["government", "pack", "version", "activated_at", "activated_by"]
