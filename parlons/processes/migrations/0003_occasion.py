import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("processes", "0002_phase_components")]

    operations = [
        migrations.CreateModel(
            name="Occasion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="titre")),
                ("starts_at", models.DateTimeField(verbose_name="début")),
                (
                    "process",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="occasions",
                        to="processes.process",
                    ),
                ),
            ],
            options={
                "verbose_name": "rencontre",
                "verbose_name_plural": "rencontres",
                "ordering": ["starts_at", "pk"],
            },
        ),
    ]
