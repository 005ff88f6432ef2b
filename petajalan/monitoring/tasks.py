"""The worker's daily reminders: a task that sends today's reminders and queues itself again for
07:00 (local time) the next day.

Only a backend that can defer a task (``django_tasks_db``: ``run_after``) keeps the chain going;
``petajalan send_reminders --schedule`` starts it once. The simpler way, and the one
docs/deployment.md gives first, is a cron line or systemd timer running ``petajalan send_reminders``
each morning; both may run together, since every reminder is sent once.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.tasks.base import TaskResultStatus
from django.utils import timezone

RUN_AT = dt.time(7, 0)


@task()
def send_reminders_daily() -> int:
    """Send today's reminders (see ``reminders.send_reminders``); the next run is queued first, so
    a failing day does not end the chain."""
    from petajalan.monitoring.reminders import send_reminders

    schedule_next()
    return len(send_reminders())


def next_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next 07:00 local time after ``now``."""
    now = timezone.localtime(now or timezone.now())
    run = timezone.make_aware(dt.datetime.combine(now.date(), RUN_AT), timezone.get_current_timezone())
    return run if run > now else run + dt.timedelta(days=1)


def is_waiting() -> bool:
    """Whether a daily run is already queued (database backend only), so a chain is never doubled."""
    backend = send_reminders_daily.get_backend()
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=send_reminders_daily.module_path, status=TaskResultStatus.READY
    ).exists()


def schedule_next(now: dt.datetime | None = None) -> dt.datetime | None:
    """Queue the next daily run unless one is waiting or the backend cannot defer; its time, or None."""
    if not send_reminders_daily.get_backend().supports_defer or is_waiting():
        return None
    when = next_run(now)
    send_reminders_daily.using(run_after=when).enqueue()
    return when
