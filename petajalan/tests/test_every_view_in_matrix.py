"""Every tenant URL of the project appears in some app's permission matrix.

Tenant isolation and roles are tested for every view: a view added without a ``MATRIX`` row fails
here, naming the URL.
"""

from __future__ import annotations

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import petajalan


def _named_patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            found += _named_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append((name, prefix + str(entry.pattern)))
    return found


def _matrix_names() -> set[str]:
    names: set[str] = set()
    for app in pkgutil.iter_modules(petajalan.__path__):
        module_name = f"petajalan.{app.name}.tests.test_permission_matrix"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        names |= {case.name for case in getattr(module, "MATRIX", [])}
    return names


def test_every_tenant_view_has_a_permission_matrix_row():
    tenant_urls = {
        name for name, route in _named_patterns(get_resolver()) if route.startswith("g/<slug:gov>/")
    }
    assert tenant_urls, "no tenant URLs found"
    missing = sorted(tenant_urls - _matrix_names())
    assert missing == [], f"views without a permission-matrix row: {missing}"
