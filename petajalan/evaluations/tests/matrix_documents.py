"""Permission-matrix rows of views/documents.py."""

from petajalan.testing.matrix import Case

DOCUMENT_ROWS: list[Case] = []
