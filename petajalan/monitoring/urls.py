from django.urls import path

from petajalan.monitoring.views import calendar, dashboard, documents, reports, trace, workflow

app_name = "monitoring"

R = "laporan/<uuid:report>/"

urlpatterns = [
    # dashboards (views/dashboard.py)
    path("", dashboard.city_dashboard, name="dashboard"),
    path("tindak-lanjut/", dashboard.chase_list, name="chase-list"),
    path("tindak-lanjut/ingatkan/<uuid:roadmap>/", dashboard.remind, name="remind"),
    path("rincian/", trace.rollup_rows, name="rollup-rows"),
    # a road map's quarters and the quarter page (views/reports.py)
    path("roadmap/<uuid:roadmap>/", reports.roadmap_quarters, name="roadmap-quarters"),
    path("roadmap/<uuid:roadmap>/<int:year>/<int:quarter>/", reports.report_open, name="report-open"),
    path(R, reports.report_detail, name="report-detail"),
    path(R + "baris/<int:row>/", reports.row_edit, name="row-edit"),
    path(R + "baris/<int:row>/verifikasi/", reports.row_verify, name="row-verify"),
    path(R + "quick-win/<int:quick_win>/", workflow.delivery_edit, name="delivery-edit"),
    path(R + "ajukan/", workflow.report_submit, name="report-submit"),
    path(R + "tanggapan/", workflow.report_answer, name="report-answer"),
    path(R + "kembalikan/", workflow.report_return, name="report-return"),
    path(R + "verifikasi/", workflow.report_verify, name="report-verify"),
    path(R + "buka-kembali/", workflow.report_reopen, name="report-reopen"),
    path("bobot/<int:action>/", workflow.weight_edit, name="weight-edit"),
    # documents and spreadsheets (views/documents.py)
    path(R + "unduh.<slug:fmt>", documents.report_download, name="report-download"),
    path(R + "impor/", documents.report_import, name="report-import"),
    path(R + "impor/konfirmasi/", documents.report_import_confirm, name="report-import-confirm"),
    path("kota/<int:year>/<int:quarter>/unduh.<slug:fmt>", documents.city_download, name="city-download"),
    # calendar and rules (views/calendar.py)
    path("kalender/", calendar.calendar_page, name="calendar"),
    path("kalender/<int:year>/<int:quarter>/", calendar.period_edit, name="period-edit"),
    path("kalender/libur/", calendar.holiday_add, name="holiday-add"),
    path("kalender/libur/<int:holiday>/hapus/", calendar.holiday_delete, name="holiday-delete"),
    path("pengaturan/", calendar.settings_edit, name="settings-edit"),
]
