"""Contributions point to the occasion where they were collected, not to the meeting;
texts get their public copies, masked by the scrubber once, here for what exists.
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


def _masked(scrubber, text):
    return scrubber.scrub(text).text if text else ""


def forward(apps, schema_editor):
    Contribution = apps.get_model("debates", "Contribution")
    OfficialAnswer = apps.get_model("debates", "OfficialAnswer")
    Meeting = apps.get_model("meetings", "Meeting")
    occasion_of = dict(Meeting.objects.values_list("pk", "occasion_id"))
    scrubber = _scrubber(apps)
    batch = []
    fields = ["occasion", "public_body", "public_display_label"]
    for item in Contribution.objects.order_by("pk").iterator(chunk_size=BATCH):
        item.occasion_id = occasion_of.get(item.meeting_id)
        item.public_body = _masked(scrubber, item.body)
        item.public_display_label = _masked(scrubber, item.display_label)
        batch.append(item)
        if len(batch) >= BATCH:
            Contribution.objects.bulk_update(batch, fields)
            batch = []
    Contribution.objects.bulk_update(batch, fields)
    batch = []
    for answer in OfficialAnswer.objects.order_by("pk").iterator(chunk_size=BATCH):
        answer.public_body = _masked(scrubber, answer.body)
        batch.append(answer)
        if len(batch) >= BATCH:
            OfficialAnswer.objects.bulk_update(batch, ["public_body"])
            batch = []
    OfficialAnswer.objects.bulk_update(batch, ["public_body"])


def backward(apps, schema_editor):
    Contribution = apps.get_model("debates", "Contribution")
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting_id, occasion_id in Meeting.objects.values_list("pk", "occasion_id"):
        Contribution.objects.filter(occasion_id=occasion_id).update(meeting_id=meeting_id)


class Migration(migrations.Migration):
    dependencies = [
        ("debates", "0003_retention_verbose_names"),
        ("meetings", "0003_occasion_and_public_minutes"),
        ("processes", "0003_occasion"),
    ]

    operations = [
        migrations.AddField(
            model_name="contribution",
            name="occasion",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="contributions",
                to="processes.occasion",
                verbose_name="réunion",
            ),
        ),
        migrations.AddField(
            model_name="contribution",
            name="public_body",
            field=models.TextField(blank=True, verbose_name="texte publié"),
        ),
        migrations.AddField(
            model_name="contribution",
            name="public_display_label",
            field=models.CharField(blank=True, max_length=200, verbose_name="signature publiée"),
        ),
        migrations.AddField(
            model_name="officialanswer",
            name="public_body",
            field=models.TextField(blank=True, verbose_name="réponse publiée"),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="contribution", name="meeting"),
    ]
