"""Indexes and extensions that exist on PostgreSQL only, declared like any other in
``Meta.indexes`` and migrations."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db.models import Index


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL and a plain index elsewhere.

    SQLite cannot build GIN indexes (nor knows operator classes such as ``gin_trgm_ops``), and
    Django creates every ``Meta.indexes`` entry again whenever SQLite rebuilds a table in a later
    migration: a bare GinIndex would break those migrations on the embedded database.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = Index(fields=self.fields, name=self.name)
        return plain.create_sql(model, schema_editor, **kwargs)


class PostgresTrigramExtension(TrigramExtension):
    """pg_trgm on PostgreSQL, nothing elsewhere, in both directions: Django's operation skips
    other databases when applied but not when unapplied, where it asks SQLite for
    ``pg_extension`` (migrating back past it would fail on the embedded database)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
