"""Writing many rows at once through Django's connection, without the ORM's per-batch work.

`bulk_create` builds a model instance for every row and compiles its INSERT field by field,
value by value: for the 200,000 comments of a large export (and their 200,000 origin rows)
that compiling took a third of the import. Here the statement is written once per table and
batch size, and the values go to the database as given, converted only where a column needs
it (dates, JSON, IP addresses), by the field's own `get_db_prep_save`. Columns not named get
their field's default, as a new model instance would. The statements run on Django's
connection, so they take part in the current transaction as any query does.
"""

from django.db import connection, models
from django.utils import timezone

# Fields whose values go to the database as Python gives them (str, int, bool, a key).
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def _converter(field):
    target = field.target_field if field.is_relation else field
    if isinstance(target, PLAIN) and not isinstance(target, models.JSONField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


class Inserter:
    """INSERTs of `model`'s rows given as tuples of the values of `names` (attribute names:
    `article_id` for a key). `conflict` names the columns of a unique constraint: a row
    that repeats one replaces the `replace` columns of the row already there."""

    def __init__(self, model, names, *, conflict=(), replace=()):
        meta = model._meta
        fields = {f.attname: f for f in meta.concrete_fields if not f.primary_key}
        self.names = list(names)
        self.converters = [_converter(fields[name]) for name in self.names]
        self.defaults = {  # every other column: its default, as a new instance has
            name: field for name, field in fields.items() if name not in self.names
        }
        self.columns = [fields[name].column for name in self.names] + [
            field.column for field in self.defaults.values()
        ]
        quote = connection.ops.quote_name
        self.head = "INSERT INTO {} ({}) VALUES ".format(
            quote(meta.db_table), ", ".join(quote(c) for c in self.columns)
        )
        self.row = "(" + ", ".join(["%s"] * len(self.columns)) + ")"
        self.tail = ""
        if conflict:
            self.tail = " ON CONFLICT ({}) DO UPDATE SET {}".format(
                ", ".join(quote(fields[n].column) for n in conflict),
                ", ".join(f"{quote(fields[n].column)} = excluded.{quote(fields[n].column)}"
                          for n in replace),
            )  # fmt: skip
        self.pk_column = quote(meta.pk.column)
        limit = min(connection.features.max_query_params or 65535, 65535)
        self.per_statement = max(1, min(1000, limit // len(self.columns)))

    def _params(self, rows):
        now = timezone.now()
        tail = []
        for field in self.defaults.values():
            stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            value = now if stamped else None
            value = field.get_default() if value is None else value
            tail.append(field.get_db_prep_save(value, connection))
        converters = self.converters
        if not any(converters):
            return [(*row, *tail) for row in rows]
        return [
            (*(c(v) if c else v for c, v in zip(converters, row, strict=True)), *tail)
            for row in rows
        ]

    def insert(self, rows):
        """Insert the rows; no ids are read back."""
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.head + self.row + self.tail, self._params(rows))

    def insert_returning_ids(self, rows):
        """Insert the rows and return their new primary keys, in the rows' order."""
        params, ids = self._params(rows), []
        with connection.cursor() as cursor:
            for start in range(0, len(params), self.per_statement):
                batch = params[start : start + self.per_statement]
                sql = self.head + ", ".join([self.row] * len(batch)) + self.tail
                cursor.execute(
                    f"{sql} RETURNING {self.pk_column}", [v for row in batch for v in row]
                )
                ids += [pk for (pk,) in cursor.fetchall()]
        return ids


def update(model, names, rows, *, keep_if_null=()):
    """UPDATE the `names` columns of `model`'s rows given as (pk, *values) tuples; a None
    for a column in `keep_if_null` leaves the row's value as it is."""
    if not rows:
        return
    meta = model._meta
    fields = {f.attname: f for f in meta.concrete_fields}
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(
            f"{column} = COALESCE(%s, {column})" if n in keep_if_null else f"{column} = %s"
            for n, column in ((n, quote(fields[n].column)) for n in names)
        ),
        quote(meta.pk.column),
    )
    converters = [_converter(fields[n]) for n in names]
    params = [
        (*(c(v) if c else v for c, v in zip(converters, values, strict=True)), pk)
        for pk, *values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
