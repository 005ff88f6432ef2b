from django.contrib import admin

from petajalan.reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "government", "roadmap", "kind", "format", "status", "progress"]
    list_filter = ["kind", "format", "status"]
    exclude = ["upload", "result", "parsed"]
    readonly_fields = ["uuid", "created_by", "created_at", "finished_at"]
