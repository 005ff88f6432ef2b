"""Evidence jobs on the task worker: first-page thumbnails, made once per stored file."""

from __future__ import annotations

import logging

from django.tasks import task

log = logging.getLogger(__name__)


@task()
def make_blob_thumbnail(blob_id: int) -> None:
    """Render and store the thumbnail of one blob (see ``thumbs.make_for_blob``)."""
    from petajalan.evidence.thumbs import make_for_blob

    make_for_blob(blob_id)
