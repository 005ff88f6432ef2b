"""The self-assessment's pages under /g/<government>/evaluasi/; each views module lists its routes."""

from petajalan.evaluations.views import analysis, cycles, documents

app_name = "evaluations"

urlpatterns = [*cycles.routes, *analysis.routes, *documents.routes]
