"""Meetings made before lengths were added in UTC: one that was never moved and whose stored length is not
its series' length (a meeting across an autumn clock change was stored an hour too long) gets the series'
length back, so pages, feeds and invitations show the meeting as it was planned."""

import datetime as dt

from django.db import migrations


def fix_lengths(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    for m in Meeting.objects.filter(sequence=0).select_related("series").iterator():
        if m.start != m.original_start:
            continue
        length = dt.timedelta(minutes=m.series.duration_minutes)
        if m.end - m.start != length:
            Meeting.objects.filter(pk=m.pk).update(end=m.start + length)


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [migrations.RunPython(fix_lengths, migrations.RunPython.noop)]
