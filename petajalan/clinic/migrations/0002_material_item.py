import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0001_initial"),
        ("evidence", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="material",
            name="item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="evidence.item",
            ),
        ),
        migrations.AlterField(
            model_name="material",
            name="file",
            field=models.FileField(blank=True, upload_to="clinic/materials/%Y/", verbose_name="berkas"),
        ),
    ]
