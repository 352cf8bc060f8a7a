# Dates people set are kept to the minute, as the forms show them; rows saved with
# seconds before are rounded down once (a row that would end where it starts is left).

import parlons.core.fields
from django.db import migrations


def to_the_minute(apps, schema_editor):
    for name in ('Meeting',):
        model = apps.get_model("meetings", name)
        fields = [f for f in ("starts_at", "ends_at") if hasattr(model, f)]
        for row in model.objects.only(*fields).iterator():
            values = {f: getattr(row, f).replace(second=0, microsecond=0) for f in fields}
            if values == {f: getattr(row, f) for f in fields}:
                continue
            if "ends_at" in values and values["ends_at"] <= values["starts_at"]:
                continue
            model.objects.filter(pk=row.pk).update(**values)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0003_occasion_and_public_minutes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='meeting',
            name='ends_at',
            field=parlons.core.fields.MinuteDateTimeField(verbose_name='fin'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='starts_at',
            field=parlons.core.fields.MinuteDateTimeField(db_index=True, verbose_name='début'),
        ),
        migrations.RunPython(to_the_minute, migrations.RunPython.noop),
    ]
