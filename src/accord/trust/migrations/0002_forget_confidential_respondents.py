"""Respondent names imported into confidential waves before they stopped being kept: forget them
(a confidential wave records nobody's participation by person)."""

from django.db import migrations


def forget(apps, schema_editor):
    Response = apps.get_model("trust", "Response")
    Response.objects.filter(wave__confidentiality="confidential").exclude(respondent="").update(respondent="")


class Migration(migrations.Migration):
    dependencies = [("trust", "0001_initial")]
    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
