"""The shared cache's table, where the site has no Redis (settings: CACHES).

`manage.py migrate` is the one step every deployment runs, so the database cache's table comes
with it; `createcachetable` makes nothing when the cache is Redis, and nothing twice.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_rate_limit_counter")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
