"""A number that no integer column can hold matches no row, on SQLite as on PostgreSQL.

Since Django 5.0, `exact`, `gt`, `gte`, `lt` and `lte` on an integer field leave such a number
out of the query. Three lookups still send it to the database: `in` (the admin's bulk actions
filter the rows a form names with `pk__in`) and `exact` and `in` through a foreign key (the
admin's list filters accept `?article=N`). PostgreSQL answers "no such row"; SQLite's driver
cannot even send a number past 2**63 - 1 and raises OverflowError, a server error for
whoever typed it. These versions leave the number out as Django's own integer lookups do,
and are registered for every integer and foreign-key field (NewsroomConfig.ready).

Our own views never get that far: ids from outside go through newsroom.ids first.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _holds(field, connection):
    """A test of whether an integer fits the column of `field` (its target's, for a foreign
    key); anything that is not an int is left to the database."""
    while getattr(field, "target_field", field) is not field:  # a foreign key's column
        field = field.target_field
    try:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer column
        return lambda value: True

    def holds(value):
        if not isinstance(value, int) or isinstance(value, bool):
            return True
        return (low is None or value >= low) and (high is None or value <= high)

    return holds


class _LeavesOutWhatNoColumnHolds:
    """For `in`: drop the numbers the column cannot hold; none left matches no row."""

    def as_sql(self, compiler, connection):
        if not isinstance(self.lhs, ColPairs) and self.rhs_is_direct_value():
            holds = _holds(self.lhs.output_field, connection)
            self.rhs = [value for value in self.rhs if value is None or holds(value)]
            if not self.rhs:
                raise EmptyResultSet
        return super().as_sql(compiler, connection)


class IntegerFieldIn(_LeavesOutWhatNoColumnHolds, In):
    pass


class RelatedFieldIn(_LeavesOutWhatNoColumnHolds, RelatedIn):
    pass


class RelatedFieldExact(RelatedExact):
    def as_sql(self, compiler, connection):
        if (
            not isinstance(self.lhs, ColPairs)
            and self.rhs_is_direct_value()
            and not _holds(self.lhs.output_field, connection)(self.rhs)
        ):
            raise EmptyResultSet
        return super().as_sql(compiler, connection)


def register():
    IntegerField.register_lookup(IntegerFieldIn)
    ForeignObject.register_lookup(RelatedFieldIn)
    ForeignObject.register_lookup(RelatedFieldExact)
