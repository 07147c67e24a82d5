"""The texts an alert and a handover item hold become JSON (a stored message and its values, shown in
the reader's language: accord.lib.stored_text). First each existing text is written as a JSON string,
so that the next migration's change of column type keeps it (and it keeps showing as it was written);
apart, because PostgreSQL refuses to change a table's columns after rows were changed in the same
transaction."""

import json

from django.db import migrations, models

ALERT_TEXTS = ["reason", "look_at", "general_reason", "general_look_at"]


def _as_json(value):
    return json.dumps(value or "", ensure_ascii=False)


def _from_json(value):
    from accord.lib import stored_text

    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return value or ""
    return stored_text.english(loaded) if isinstance(loaded, (dict, str)) else str(loaded)


def _convert(apps, change):
    Alert = apps.get_model("health", "Alert")
    for alert in Alert.objects.all().only("pk", *ALERT_TEXTS):
        Alert.objects.filter(pk=alert.pk).update(**{f: change(getattr(alert, f)) for f in ALERT_TEXTS})
    HandoverItem = apps.get_model("health", "HandoverItem")
    for item in HandoverItem.objects.all().only("pk", "text"):
        HandoverItem.objects.filter(pk=item.pk).update(text=change(item.text))


def forwards(apps, schema_editor):
    _convert(apps, _as_json)


def backwards(apps, schema_editor):
    _convert(apps, _from_json)


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0002_alert_general_reason"),
    ]

    operations = [
        # a handover item's text was at most 300 characters: its JSON form has two more
        migrations.AlterField(model_name="handoveritem", name="text", field=models.TextField()),
        migrations.RunPython(forwards, backwards),
    ]
