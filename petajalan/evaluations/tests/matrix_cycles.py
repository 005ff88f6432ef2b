"""Permission-matrix rows of views/cycles.py."""

from petajalan.testing.matrix import Case

CYCLE_ROWS: list[Case] = []
