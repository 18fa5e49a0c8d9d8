"""The old outgoing email table goes, now that its rows are in the outbox (0007), with its
content type and the permissions that named it."""

from django.db import migrations


def forget_the_old_model(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="comments", model="outgoingemail").delete()


class Migration(migrations.Migration):
    dependencies = [("comments", "0007_outgoing_email_to_the_outbox")]

    operations = [
        migrations.RemoveIndex(model_name="outgoingemail", name="outgoing_recipient_idx"),
        migrations.RemoveIndex(model_name="outgoingemail", name="outgoing_status_idx"),
        migrations.DeleteModel(name="OutgoingEmail"),
        migrations.RunPython(forget_the_old_model, migrations.RunPython.noop),
    ]
