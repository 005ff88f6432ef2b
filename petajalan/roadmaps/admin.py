from django.contrib import admin

from petajalan.roadmaps.models import ChangeRequest, Roadmap, Snapshot


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "government", "unit", "period_label", "status"]
    list_filter = ["status", "government"]
    search_fields = ["title"]
    readonly_fields = ["uuid", "version", "created_at", "last_activity_at"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["roadmap", "kind", "sha256", "created_at"]
    readonly_fields = [f.name for f in Snapshot._meta.fields]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # snapshots are immutable


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["roadmap", "status", "created_at"]
