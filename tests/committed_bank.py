"""The committed question bank for tests: loaded with loaddata once per test process, then copied.

loaddata saves the fixture's rows one at a time (about 4,000 queries, seconds for each test that
wants the bank). The first load in a process is a real ``loaddata bank``; it keeps every row the
load wrote (the fixture's models, their many-to-many links and what refresh_bank derives from
them, such as the search vocabulary). Later tests get those rows back with one insert per table.

The copy is exactly what loaddata would leave: it is kept only from a load into tables that were
all empty, and used only where they are all empty again (anywhere else the real loaddata runs).
Its rows are inserted raw, as loaddata saves them (auto_now fields keep the fixture's values),
and each row of the fixture's models gets the pre_save and post_save signals loaddata sends for a
raw save: updated_at is stamped with the time of this load, and the bank gets a new version once
the load commits. (loaddata also sends m2m_changed for the links; its only receiver gives the bank
a new version, which post_save already does.)
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.signals import post_save, pre_save


@dataclass
class _Table:
    model: type[models.Model]
    rows: list[dict[str, Any]]
    loaded: bool  # a model of the fixture (loaddata saves its rows and sends their signals)


_copy: list[_Table] | None = None


def load_bank() -> None:
    """What ``call_command("loaddata", "bank")`` does, from a copy where one can be used."""
    global _copy
    if _copy is not None and _all_empty(table.model for table in _copy):
        _restore(_copy)
        return
    before = _row_counts()
    command = load_command_class(get_commands()["loaddata"], "loaddata")
    call_command(command, "bank", verbosity=0)
    if _copy is None:
        written = [model for model, count in _row_counts().items() if count != before[model]]
        if not any(before[model] for model in written):
            _copy = [_Table(model, _rows(model), model in command.models) for model in written]


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _row_counts() -> dict[type[models.Model], int]:
    return {model: model._base_manager.count() for model in _tables()}


def _all_empty(tables) -> bool:
    return not any(model._base_manager.exists() for model in tables)


def _rows(model: type[models.Model]) -> list[dict[str, Any]]:
    fields = [field.attname for field in model._meta.concrete_fields]
    return list(model._base_manager.order_by("pk").values(*fields))


def _restore(copy: list[_Table]) -> None:
    using = connection.alias
    with transaction.atomic(using=using):
        for table in copy:
            objects = [table.model(**row) for row in table.rows]
            if table.loaded:
                for instance in objects:
                    pre_save.send(
                        sender=table.model, instance=instance, raw=True, using=using,
                        update_fields=None,
                    )  # fmt: skip
            _insert_raw(table.model, objects, using)
            if table.loaded:
                for instance in objects:
                    post_save.send(
                        sender=table.model, instance=instance, created=True, raw=True,
                        using=using, update_fields=None,
                    )  # fmt: skip
        # As loaddata does: the ids inserted are past the sequences, which must move on.
        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in copy])
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


def _insert_raw(model: type[models.Model], objects: list[models.Model], using: str) -> None:
    """Insert the rows as they are, as loaddata's raw saves do (bulk_create would stamp
    auto_now and auto_now_add fields with the time)."""
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), size):
        model._base_manager._insert(
            objects[start : start + size], fields=fields, using=using, raw=True
        )
