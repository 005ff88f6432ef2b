from django.contrib import admin

from petajalan.verification.models import IssuedFile, Seal


class IssuedFileInline(admin.TabularInline):
    model = IssuedFile
    extra = 0
    readonly_fields = ("format", "sha256", "size", "created_at")
    can_delete = False


@admin.register(Seal)
class SealAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "title", "government", "created_at")
    list_filter = ("kind",)
    search_fields = ("code", "title")
    readonly_fields = ("code", "kind", "object_uuid", "content_sha256", "statement", "snapshot", "created_at")
    inlines = [IssuedFileInline]
