"""Every Person gets a partnership (see docs/conventions.md, "Partnership boundaries"): the column,
nullable until 0004 fills it in and 0005 makes it required. Three migrations, so that on PostgreSQL the
schema changes and the data changes run in transactions of their own."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_organisation_messages_and_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="partnership",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="people",
                                    to="partners.partnership"),
        ),
    ]
