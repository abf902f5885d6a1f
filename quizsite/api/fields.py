"""Input fields every API serializer can use, for what DRF's own leave unbounded or unchecked."""

from django.core.validators import slug_re
from rest_framework import serializers


class BoundedListField(serializers.ListField):
    """DRF's ListField checks ``max_length`` only after validating every item, so a list of
    20,000 items was all validated (a query each, for related items) before being refused. This
    one refuses too long a list first."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.bound = max_length

    def to_internal_value(self, data):
        if isinstance(data, list | tuple) and len(data) > self.bound:
            self.fail("max_length", max_length=self.bound)
        return super().to_internal_value(data)


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's, refusing anything that cannot be a slug before it reaches the database (PostgreSQL
    raises on a NUL byte in a query parameter)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not slug_re.fullmatch(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=repr(data)[:60])
        return super().to_internal_value(data)
