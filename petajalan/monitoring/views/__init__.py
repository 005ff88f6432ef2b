"""Monitoring pages, one module per area: reports (the quarter page and its workflow), dashboard
(leaders, the chase list, roll-up traces), documents (DOCX/PDF/XLSX/CSV/portal, import), calendar
(periods, holidays, thresholds)."""
