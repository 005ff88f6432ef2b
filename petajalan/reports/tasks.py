"""Report jobs on the task worker (``petajalan db_worker``); ImmediateBackend runs them inline."""

from __future__ import annotations

from django.tasks import task

from petajalan.reports.models import ReportJob


@task()
def run_report_job(job_uuid: str) -> None:
    """Render an export or check an import (see ``services.run_job``)."""
    from petajalan.reports.services import run_job

    job = ReportJob.objects.filter(uuid=job_uuid).first()
    if job is None or job.is_finished:
        return
    run_job(job)
