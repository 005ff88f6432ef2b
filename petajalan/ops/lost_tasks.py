"""Tasks whose worker died while running them (SIGKILL, out of memory, a power cut): marked failed.

django-tasks-db claims a task by setting it RUNNING under the worker's id and looks at it again only
when that worker finishes it: after a crash the task, and the report job it runs, would stay
"running" for ever. ``petajalan fail_lost_tasks --worker-id ID``, run just before ``petajalan
db_worker --worker-id ID`` starts again (systemd ``ExecStartPre``), marks that worker's running tasks
failed, and their report jobs failed with a message saying what to do. Decision 0082.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from petajalan.reports.models import ReportJob
from petajalan.reports.tasks import run_report_job


class WorkerLost(Exception):
    """The worker process died while running the task (the exception the task result records)."""


@dataclass
class LostTask:
    task_id: str
    task_name: str
    job_uuid: str | None  # the report job the task was running, if it was one


def lost_message() -> str:
    return _("Pekerjaan terhenti karena proses pekerja mati; silakan ulangi.")


def fail_lost_tasks(*, worker_id: str | None) -> list[LostTask]:
    """Mark failed the tasks still running under ``worker_id``, and their report jobs, in one
    transaction. ``None`` takes the running tasks of every worker: only when no worker is running."""
    message = lost_message()
    lost = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for result in running.order_by("started_at"):
            if worker_id is not None and (result.worker_ids or [None])[-1] != worker_id:
                continue  # another worker's, and that worker may be alive
            result.set_failed(WorkerLost(message))
            job_uuid = _report_job_of(result)
            if job_uuid is not None:
                ReportJob.objects.filter(
                    uuid=job_uuid, status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]
                ).update(
                    status=ReportJob.Status.FAILED, message=message, progress=100, finished_at=timezone.now()
                )
            lost.append(LostTask(str(result.id), result.task_name, job_uuid))
    return lost


def _report_job_of(result: DBTaskResult) -> str | None:
    if result.task_path != run_report_job.module_path:
        return None
    arguments = result.args_kwargs or {}
    values = [*arguments.get("args", []), *arguments.get("kwargs", {}).values()]
    return str(values[0]) if values else None
