"""Who sees report jobs: whoever sees their road map; imports are applied by whoever edits it."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ReportJobQuerySet:
        """Jobs of the road maps the user may see."""
        roadmap = apps.get_model("roadmaps", "Roadmap")
        return self.filter(roadmap__in=roadmap.objects.visible_to(user))

    def editable_by(self, user: Any) -> ReportJobQuerySet:
        """Jobs of the road maps the user may change now (only these imports may be applied)."""
        roadmap = apps.get_model("roadmaps", "Roadmap")
        return self.filter(roadmap__in=roadmap.objects.editable_by(user))
