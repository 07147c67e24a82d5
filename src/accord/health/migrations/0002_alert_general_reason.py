"""Alerts whose reason tells trust results by organisation get a general reason for those who may
not see them (partner staff); existing such alerts are given one here."""

from django.db import migrations, models

LOOK_AT = ("The partnership's senior leaders and manager look at the survey's results by partner and "
           "decide what to do.")


def general_reasons(apps, schema_editor):
    Alert = apps.get_model("health", "Alert")
    for alert in Alert.objects.filter(general_reason="").select_related("rule"):
        if alert.rule.kind == "trust_drop":
            alert.general_reason = ("Trust in a partner fell between two surveys. "
                                    "Senior leaders and the manager see which partner and the figures.")
            alert.general_look_at = LOOK_AT
        elif alert.rule.kind == "leader_change_drop" and " was followed by a fall in trust in " in alert.reason:
            event = alert.reason.split(" was followed by ")[0]
            alert.general_reason = (f"{event} was followed by a fall in trust that the survey shows by partner. "
                                    "Senior leaders and the manager see the figures.")
            alert.general_look_at = LOOK_AT + " See the handover for the new leader."
        else:
            continue
        alert.save(update_fields=["general_reason", "general_look_at"])


class Migration(migrations.Migration):

    dependencies = [
        ("health", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="general_look_at",
            field=models.TextField(blank=True, help_text="What to look at, for those same people."),
        ),
        migrations.AddField(
            model_name="alert",
            name="general_reason",
            field=models.TextField(blank=True, help_text="Why it fired, for those who may not see trust results by "
                                   "organisation (empty: the reason is for everyone)."),
        ),
        migrations.RunPython(general_reasons, migrations.RunPython.noop),
    ]
