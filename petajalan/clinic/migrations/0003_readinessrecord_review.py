# The last review stored with the readiness (decision 0056).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0002_material_item"),
    ]

    operations = [
        migrations.AddField(
            model_name="readinessrecord",
            name="review",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
