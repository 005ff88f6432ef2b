"""Reading many rows as values when a decimal column repeats a few values (decision 0056).

SQLite keeps a decimal as a number and Django turns each cell back into a ``Decimal`` (a float
conversion and a ``quantize``, ~1.3 µs): a city road map's 54,000 targets and 30,000 budgets
spent a third of ``to_plain`` there although they hold a few dozen distinct values.
``value_rows`` gives the rows ``values_list`` gives, converting each distinct stored value of a
decimal column once. PostgreSQL's driver returns decimals itself: nothing is converted there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

from django.db import models
from django.db.models.sql.constants import MULTI

Converter = Callable[[Any], Any]


def value_rows(queryset: models.QuerySet[Any, Any]) -> Iterator[tuple[Any, ...]]:
    """The tuples of ``queryset`` (a ``values_list`` query, not ``flat``/``named``), equal to
    iterating it; one query."""
    compiler = queryset.query.get_compiler(queryset.db)
    results: Iterable[list[tuple[Any, ...]]] = compiler.execute_sql(MULTI)
    fields = [s[0] for s in compiler.select[: compiler.col_count]]
    if compiler.has_composite_fields(fields):  # not met by our readers: Django's own path
        return compiler.results_iter(results, tuple_expected=True)
    converters = [
        (pos, _memoised(convs, expression, compiler.connection))
        for pos, (convs, expression) in compiler.get_converters(fields).items()
    ]
    rows = chain.from_iterable(results)
    return _converted(rows, converters) if converters else map(tuple, rows)


def _converted(
    rows: Iterable[tuple[Any, ...]], converters: list[tuple[int, Converter]]
) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        cells = list(row)
        for pos, convert in converters:
            cells[pos] = convert(cells[pos])
        yield tuple(cells)


def _memoised(convs: list[Any], expression: Any, connection: Any) -> Converter:
    def convert(value: Any) -> Any:
        for converter in convs:
            value = converter(value, expression, connection)
        return value

    if expression.output_field.get_internal_type() != "DecimalField":
        return convert  # e.g. a JSON cell gives a new list each time: never shared between rows
    seen: dict[Any, Any] = {}

    def convert_once(value: Any) -> Any:
        # -0.0 equals 0.0 as a key but prints "-0.00" (SQLite gives an integral value as an int)
        if not value and type(value) is float:
            return convert(value)
        try:
            return seen[value]
        except KeyError:
            seen[value] = found = convert(value)
            return found

    return convert_once
