"""Permission-matrix rows of views/analysis.py."""

from petajalan.testing.matrix import Case

ANALYSIS_ROWS: list[Case] = []
