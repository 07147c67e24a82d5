"""The partnership of a Person is required (0004 filled it in; a separate migration so that
PostgreSQL alters the table in a transaction of its own, after the data changes are committed)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_person_partnership_data")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="partnership",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="people",
                                    to="partners.partnership"),
        ),
    ]
