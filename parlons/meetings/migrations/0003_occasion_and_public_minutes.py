"""Each meeting gets its occasion in the démarche; published minutes get their masked copy.

Contributions collected at a meeting will point to the occasion (debates
0004), so that the debate no longer needs to know the meetings app.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def _scrubber(apps):
    from parlons.privacy.scrubber import Scrubber

    territory = apps.get_model("core", "Territory").objects.order_by("pk").first()
    names = tuple(
        line.strip() for line in (territory.public_names if territory else "").splitlines()
    )
    names = tuple(name for name in names if name)
    return Scrubber(allowlist=names) if names else Scrubber()


def forward(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Occasion = apps.get_model("processes", "Occasion")
    scrubber = None
    for meeting in Meeting.objects.order_by("pk").iterator(chunk_size=BATCH):
        meeting.occasion = Occasion.objects.create(
            process_id=meeting.process_id, title=meeting.title, starts_at=meeting.starts_at
        )
        fields = ["occasion"]
        if meeting.minutes:
            scrubber = scrubber or _scrubber(apps)
            meeting.public_minutes = scrubber.scrub(meeting.minutes).text
            fields.append("public_minutes")
        meeting.save(update_fields=fields)


def backward(apps, schema_editor):
    apps.get_model("processes", "Occasion").objects.filter(meeting__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_retention_verbose_names"),
        ("processes", "0003_occasion"),
        ("core", "0002_territory_public_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="occasion",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="meeting",
                to="processes.occasion",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="public_minutes",
            field=models.TextField(blank=True, verbose_name="compte rendu publié"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="meeting",
            name="occasion",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="meeting",
                to="processes.occasion",
            ),
        ),
    ]
