"""Agenda items say what was decided in a field (``outcome``) instead of in the words of the
minutes; existing items get it from their decision, the tabled ones from their text."""

from django.db import migrations, models

GATE_KINDS = ("gate", "final_report")


def fill_outcome(apps, schema_editor):
    AgendaItem = apps.get_model("portfolio", "AgendaItem")
    GateDecision = apps.get_model("portfolio", "GateDecision")
    decided = AgendaItem.objects.filter(decided_paragraph__isnull=False).select_related(
        "extension_request")
    for item in decided.iterator():
        outcome = ""
        if item.decision_text.startswith("Bordlagt"):
            outcome = "table"
        elif item.kind in GATE_KINDS:
            decision = GateDecision.objects.filter(meeting_id=item.meeting_id,
                                                   paragraph=item.decided_paragraph).first()
            outcome = decision.outcome if decision else ""
        elif item.kind == "extension" and item.extension_request is not None:
            outcome = {"approved": "approve", "rejected": "reject"}.get(
                item.extension_request.state, "")
        elif item.kind == "cancellation":
            outcome = "approve"
        else:
            outcome = "noted"
        if outcome:
            AgendaItem.objects.filter(pk=item.pk).update(outcome=outcome)


class Migration(migrations.Migration):

    dependencies = [
        ('portfolio', '0009_feed_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='agendaitem',
            name='outcome',
            field=models.CharField(blank=True, choices=[('start', 'Start'), ('not_start', 'Do not start'), ('table', 'Tabled'), ('approve', 'Approved'), ('reject', 'Rejected'), ('noted', 'Noted')], max_length=10, verbose_name='outcome'),
        ),
        migrations.RunPython(fill_outcome, migrations.RunPython.noop),
    ]
