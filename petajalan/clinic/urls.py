from django.urls import path

from petajalan.clinic.views import review, sessions

app_name = "clinic"

urlpatterns = [
    path("", sessions.session_list, name="session-list"),
    path("sesi/baru/", sessions.session_create, name="session-create"),
    path("sesi/<uuid:session>/", sessions.session_detail, name="session-detail"),
    path("sesi/<uuid:session>/peserta/", sessions.participant_add, name="participant-add"),
    path("sesi/<uuid:session>/peserta/impor/", sessions.participant_import, name="participant-import"),
    path(
        "sesi/<uuid:session>/peserta/<uuid:participant>/hadir/",
        sessions.participant_checkin,
        name="participant-checkin",
    ),
    path("sesi/<uuid:session>/materi/", sessions.material_upload, name="material-upload"),
    path("sesi/<uuid:session>/materi/<uuid:material>/", sessions.material_download, name="material-download"),
    path("sesi/<uuid:session>/konsultasi/", sessions.consultation_create, name="consultation-create"),
    path("sesi/<uuid:session>/daftar-hadir.xlsx", sessions.attendance_download, name="attendance-download"),
    path("sesi/<uuid:session>/laporan.docx", sessions.report_download, name="report-download"),
    path("tindak-lanjut/<uuid:follow_up>/selesai/", sessions.followup_done, name="followup-done"),
    path("antrean/", review.queue, name="queue"),
    path("salin-tempel/", review.copy_paste, name="copy-paste"),
    path("saran-fokus/", review.focus_hints, name="focus-hints"),
    path("roadmap/<uuid:roadmap>/", review.roadmap_review, name="roadmap-review"),
    path("roadmap/<uuid:roadmap>/kesiapan/", review.readiness, name="readiness"),
    path("roadmap/<uuid:roadmap>/tanggapi/", review.finding_acknowledge, name="finding-acknowledge"),
    path(
        "roadmap/<uuid:roadmap>/tanggapi/tarik/",
        review.acknowledgement_withdraw,
        name="acknowledgement-withdraw",
    ),
    path("roadmap/<uuid:roadmap>/pendamping/", review.coach_assign, name="coach-assign"),
    path("roadmap/<uuid:roadmap>/sudah-dibaca/", review.roadmap_mark_reviewed, name="roadmap-mark-reviewed"),
]
