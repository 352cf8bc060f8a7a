import django.db.models.functions.text
from django.db import migrations, models


def number_duplicate_names(apps, schema_editor):
    """Themes already named alike in one démarche get " (2)", " (3)"... so none is lost."""
    Theme = apps.get_model("processes", "Theme")
    seen: dict[tuple[int, str], int] = {}
    for theme in Theme.objects.order_by("process_id", "position", "pk"):
        key = (theme.process_id, theme.name.lower())
        if key not in seen:
            seen[key] = 1
            continue
        number = seen[key]
        while True:
            number += 1
            candidate = f"{theme.name[:94]} ({number})"
            if (theme.process_id, candidate.lower()) not in seen:
                break
        seen[key] = number
        seen[(theme.process_id, candidate.lower())] = 1
        theme.name = candidate
        theme.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0004_dates_to_the_minute"),
    ]

    operations = [
        migrations.RunPython(number_duplicate_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                models.F("process"),
                name="theme_unique_name",
                violation_error_message="Un thème de ce nom existe déjà dans cette démarche.",
            ),
        ),
    ]
