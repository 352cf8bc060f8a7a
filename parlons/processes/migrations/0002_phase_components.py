"""A phase's components become data: the names of what it opens, declared by each app.

The five boolean columns (allows_contribute, ...) are read into the list, in
the order the registry shows them, then dropped; reversing rebuilds them.
"""

from django.db import migrations, models

import parlons.processes.components

# The columns of 0001 and the component each one opened, in display order.
COLUMNS = [
    ("allows_contribute", "contribute"),
    ("allows_reply", "reply"),
    ("allows_react", "react"),
    ("allows_meetings", "meetings"),
    ("allows_expert_answers", "expert_answers"),
]


def columns_to_components(apps, schema_editor):
    Phase = apps.get_model("processes", "Phase")
    for phase in Phase.objects.all():
        phase.components = [name for column, name in COLUMNS if getattr(phase, column)]
        phase.save(update_fields=["components"])


def components_to_columns(apps, schema_editor):
    Phase = apps.get_model("processes", "Phase")
    for phase in Phase.objects.all():
        for column, name in COLUMNS:
            setattr(phase, column, name in phase.components)
        phase.save(update_fields=[column for column, _name in COLUMNS])


class Migration(migrations.Migration):
    dependencies = [("processes", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="phase",
            name="components",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[parlons.processes.components.validate_components],
                verbose_name="ce que la phase ouvre",
            ),
        ),
        migrations.RunPython(columns_to_components, components_to_columns),
        migrations.RemoveField(model_name="phase", name="allows_contribute"),
        migrations.RemoveField(model_name="phase", name="allows_reply"),
        migrations.RemoveField(model_name="phase", name="allows_react"),
        migrations.RemoveField(model_name="phase", name="allows_meetings"),
        migrations.RemoveField(model_name="phase", name="allows_expert_answers"),
    ]
