"""Writing many rows fast through the models' own tables: PostgreSQL ``COPY`` (``Sink``), else
``bulk_create`` in batches, with blocks of primary keys reserved first (``Ids``) so that rows can
point at rows not yet written. Used by the national-size generator (``scale.py``).

On PostgreSQL a ``Load`` turns the row-by-row foreign-key triggers off for its session (they would
lock each referenced row once per row written: two thirds of the time) and then checks every foreign
key of every table with one anti-join each, as a restore does; unique and check constraints stay on.
Elsewhere the database checks as usual.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import Any

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone


def postgres() -> bool:
    return connection.vendor == "postgresql"


class Sink:
    """Rows of one model into its table: PostgreSQL ``COPY``, else ``bulk_create`` in batches.

    ``names`` are the attnames each row gives, in order; every other column is filled as the model
    would fill it (its default, ``auto_now``, NULL or an empty string), so the rows are complete.
    """

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        self.model, self.names = model, tuple(names)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        if unknown := set(self.names) - set(fields):
            raise ValueError(f"{model.__name__} has no {sorted(unknown)}")
        now = timezone.now()
        self.const_fields: list[models.Field] = []
        self.consts: list[Any] = []
        self.call_fields: list[models.Field] = []
        self.calls: list[Callable[[], Any]] = []
        for attname, f in fields.items():
            if attname in self.names or f.primary_key:
                continue
            if f.has_default() and callable(f.default) and f.default not in (timezone.now, list, dict):
                self.call_fields.append(f)
                self.calls.append(f.default)
                continue
            if f.has_default():
                value = now if f.default is timezone.now else f.get_default()
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.null:
                value = None
            elif f.empty_strings_allowed:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{attname} needs a value")
            self.const_fields.append(f)
            self.consts.append(value)
        self.given_fields = [fields[n] for n in self.names]
        self.json_given = [i for i, f in enumerate(self.given_fields) if isinstance(f, models.JSONField)]

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        return self._copy(rows) if postgres() else self._bulk(rows)

    def _copy(self, rows: Iterable[Sequence[Any]]) -> int:
        quote = connection.ops.quote_name
        columns = [*self.given_fields, *self.const_fields, *self.call_fields]
        names = ", ".join(quote(str(f.column)) for f in columns)
        sql = f"COPY {quote(self.model._meta.db_table)} ({names}) FROM STDIN"
        consts = tuple(
            json.dumps(v) if isinstance(f, models.JSONField) and v is not None else v
            for f, v in zip(self.const_fields, self.consts, strict=True)
        )
        calls, jsons = self.calls, self.json_given
        n = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                if jsons:
                    row = list(row)
                    for i in jsons:
                        row[i] = None if row[i] is None else json.dumps(row[i])
                write((*row, *consts, *(c() for c in calls)) if calls else (*row, *consts))
                n += 1
        return n

    def _bulk(self, rows: Iterable[Sequence[Any]]) -> int:
        n = 0
        for batch in itertools.batched(rows, 2000):
            objs = [self.model(**dict(zip(self.names, row, strict=True))) for row in batch]
            self.model.objects.bulk_create(objs)  # type: ignore[attr-defined]
            n += len(objs)
        return n


class Ids:
    """Blocks of primary keys reserved before the rows are written (other rows point at them)."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], n: int) -> int:
        """The first id of a block of ``n`` ids of ``model``'s table."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if postgres():
                cursor.execute(
                    "SELECT setval(s, nextval(s) + %s - 1) "
                    "FROM (SELECT pg_get_serial_sequence(%s, 'id') AS s) AS q",
                    [max(n, 1), table],
                )
                return int(cursor.fetchone()[0]) - max(n, 1) + 1
            if model not in self._next:
                cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                self._next[model] = (cursor.fetchone()[0] or 0) + 1
        first = self._next[model]
        self._next[model] = first + n
        return first


def analyze() -> None:
    """Fresh statistics (and the visibility map, for index-only scans) after a bulk load."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM (ANALYZE)")


class Load:
    """``with Load() as load:`` writes without per-row foreign-key triggers on PostgreSQL (when the
    role may switch them off); ``load.check()`` then finds every dangling key set-wise."""

    def __init__(self) -> None:
        self.unchecked = False

    def __enter__(self) -> Load:
        if postgres() and not connection.in_atomic_block:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SET session_replication_role = replica")
                self.unchecked = True
            except DatabaseError:  # not a superuser: the triggers stay on, only slower
                pass
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.unchecked:
            with connection.cursor() as cursor:
                cursor.execute("RESET session_replication_role")

    def check(self) -> list[str]:
        """'table.column: n' for each foreign key of every table with rows pointing nowhere (nothing
        to check where the database checked every row itself)."""
        from django.apps import apps

        if not self.unchecked:
            return []
        quote = connection.ops.quote_name
        tables = set(connection.introspection.table_names())
        found = []
        with transaction.atomic(), connection.cursor() as cursor:
            for model in apps.get_models(include_auto_created=True):
                if not model._meta.managed or model._meta.proxy or model._meta.db_table not in tables:
                    continue
                for f in model._meta.concrete_fields:
                    if not f.is_relation or f.remote_field is None:
                        continue
                    parent = f.remote_field.model._meta.db_table
                    key, column = str(f.target_field.column), str(f.column)  # type: ignore[attr-defined]
                    cursor.execute(
                        f"SELECT count(*) FROM {quote(model._meta.db_table)} c "  # noqa: S608
                        f"LEFT JOIN {quote(parent)} p ON p.{quote(key)} = c.{quote(column)} "
                        f"WHERE c.{quote(column)} IS NOT NULL AND p.{quote(key)} IS NULL"
                    )
                    if n := cursor.fetchone()[0]:
                        found.append(f"{model._meta.db_table}.{f.column}: {n}")
        return found
