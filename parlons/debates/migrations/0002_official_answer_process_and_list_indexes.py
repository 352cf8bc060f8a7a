import django.db.models.deletion
from django.db import migrations, models


def copy_process_from_contribution(apps, schema_editor):
    OfficialAnswer = apps.get_model("debates", "OfficialAnswer")
    for answer in OfficialAnswer.objects.select_related("contribution").iterator():
        answer.process_id = answer.contribution.process_id
        answer.save(update_fields=["process"])


class Migration(migrations.Migration):
    dependencies = [
        ("debates", "0001_initial"),
        ("processes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="officialanswer",
            name="process",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="official_answers",
                to="processes.process",
            ),
        ),
        migrations.RunPython(copy_process_from_contribution, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="officialanswer",
            name="process",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="official_answers",
                to="processes.process",
            ),
        ),
        migrations.AddIndex(
            model_name="officialanswer",
            index=models.Index(fields=["process", "-created_at"], name="answer_latest"),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["process", "theme", "parent", "-created_at"], name="contribution_by_theme"
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["process", "place", "parent", "-created_at"], name="contribution_by_place"
            ),
        ),
    ]
