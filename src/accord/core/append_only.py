"""Append-only tables, refused by the database itself, on SQLite and PostgreSQL.

``append_only_operations(table)`` returns the migration operations that install, for the
current database vendor, triggers that refuse every UPDATE and DELETE of ``table``'s rows:

- PostgreSQL: one row trigger ``<table>_append_only`` BEFORE UPDATE OR DELETE calling the
  shared function ``accord_append_only()``. ``flush`` (the test runner's cleanup) uses
  TRUNCATE, which row triggers do not see. An application role that does not own the
  tables cannot drop the triggers nor TRUNCATE (docs/operator-guide.md, tools/postgres-roles.sql).
- SQLite: ``<table>_append_only_update`` and ``<table>_append_only_delete``. SQLite's
  ``flush`` runs ``DELETE FROM`` on every table, so the DELETE trigger asks
  ``accord_guarded()``: a function registered on every Django connection
  (:func:`sqlite_functions_register`) that answers 1 except while our ``flush`` command
  (``accord.core.management.commands.flush``) runs inside :func:`flushing`. A client
  outside Django has no such function, so its DELETE fails as well.

``set_once`` names columns that may be filled once after the row is written (a decision's
rationale): an UPDATE is let through only if each of them was empty and every other column
keeps its value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import migrations

_flushing = 0

POSTGRES_FUNCTION = """CREATE OR REPLACE FUNCTION accord_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: rows are never updated or deleted', TG_TABLE_NAME;
END; $$ LANGUAGE plpgsql"""

POSTGRES_SET_ONCE_FUNCTION = """CREATE OR REPLACE FUNCTION accord_append_only_set_once()
RETURNS trigger AS $$
DECLARE
  col text;
  old_row jsonb := to_jsonb(OLD);
  new_row jsonb := to_jsonb(NEW);
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '% is append-only: rows are never deleted', TG_TABLE_NAME;
  END IF;
  FOREACH col IN ARRAY TG_ARGV LOOP
    IF coalesce(old_row ->> col, '') <> '' THEN
      RAISE EXCEPTION '%.% is set once and never changed', TG_TABLE_NAME, col;
    END IF;
    old_row := old_row - col;
    new_row := new_row - col;
  END LOOP;
  IF old_row IS DISTINCT FROM new_row THEN
    RAISE EXCEPTION '% is append-only: rows are never updated', TG_TABLE_NAME;
  END IF;
  RETURN NEW;
END; $$ LANGUAGE plpgsql"""


@contextmanager
def flushing() -> Iterator[None]:
    """Let the SQLite DELETE triggers pass while the whole database is being emptied."""
    global _flushing
    _flushing += 1
    try:
        yield
    finally:
        _flushing -= 1


def _guarded() -> int:
    return 0 if _flushing else 1


def sqlite_functions_register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On each new SQLite connection, the function the DELETE triggers ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("accord_guarded", 0, _guarded)
        # The name results' first migration uses (accord.results.database_guards).
        connection.connection.create_function("accord_results_guarded", 0, _guarded)


def trigger_names(table: str, vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"{table}_append_only"]
    return [f"{table}_append_only_update", f"{table}_append_only_delete"]


def _sqlite_statements(table: str, columns: Sequence[str], set_once: Sequence[str]) -> list[str]:
    message = f"{table} is append-only: rows are never updated or deleted"
    allowed = ""
    if set_once:
        kept = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in columns if c not in set_once)
        empty = " AND ".join(f"coalesce(OLD.\"{c}\", '') = ''" for c in set_once)
        allowed = f" WHEN NOT ({empty} AND {kept})"
    return [
        f'CREATE TRIGGER "{table}_append_only_update" BEFORE UPDATE ON "{table}"{allowed} '
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f'CREATE TRIGGER "{table}_append_only_delete" BEFORE DELETE ON "{table}" '
        f"WHEN accord_guarded() BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]


def install(schema_editor: Any, table: str, set_once: Sequence[str] = ()) -> None:
    """Create the append-only triggers of ``table`` (replacing ours if they exist)."""
    connection = schema_editor.connection
    remove(schema_editor, table)
    if connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION, params=None)
        function = "accord_append_only()"
        if set_once:
            schema_editor.execute(POSTGRES_SET_ONCE_FUNCTION, params=None)
            function = "accord_append_only_set_once({})".format(
                ", ".join(f"'{c}'" for c in set_once)
            )
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {function}",
            params=None,
        )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
        for sql in _sqlite_statements(table, columns, set_once):
            schema_editor.execute(sql, params=None)


def remove(schema_editor: Any, table: str, extra: Sequence[str] = ()) -> None:
    """Drop the append-only triggers of ``table``, and the older ones named in ``extra``."""
    vendor = schema_editor.connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        return
    suffix = f' ON "{table}"' if vendor == "postgresql" else ""
    for name in [*trigger_names(table, vendor), *extra]:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"{suffix}', params=None)


def append_only_operations(
    table: str, *, set_once: Sequence[str] = (), replaces: Sequence[str] = ()
) -> list[migrations.RunPython]:
    """The migration operations that make ``table`` append-only in the database.

    ``replaces`` names older triggers of the table to drop first (they did the same job,
    partly); going backwards drops ours (the older ones are not put back).
    """

    def forwards(apps: Any, schema_editor: Any) -> None:
        remove(schema_editor, table, replaces)
        install(schema_editor, table, set_once)

    def backwards(apps: Any, schema_editor: Any) -> None:
        remove(schema_editor, table)

    return [migrations.RunPython(forwards, backwards, elidable=False)]
