"""The default final-report and committee-case (tjänsteskrivelse) templates, version 1.

Frozen: the data is written out here as it was when this migration was made, so changing the
live defaults (directives/defaults.py) never changes what this migration does. Idempotent: a
template that already has a version is left as it is.
"""

from django.db import migrations

FINAL_REPORT_SECTIONS = [
    {'key': 'goal_fulfilment', 'title': '1 Måluppfyllelse', 'kind': 'text', 'required': True, 'guidance': 'Har projektmålet och det förväntade resultatet nåtts? Vad nåddes inte, och varför?'},
    {'key': 'effect_goals', 'title': '2 Uppföljning av effektmål', 'kind': 'goals', 'required': True, 'guidance': 'Varje effektmål med sitt mått och vad mätningen visar hittills.'},
    {'key': 'budget_outcome', 'title': '3 Utfall mot budget', 'kind': 'text', 'required': True, 'guidance': 'Utfall mot budget per finansiär, med förklaring av avvikelser.'},
    {'key': 'schedule_outcome', 'title': '4 Utfall mot tidplan', 'kind': 'date_range', 'required': True, 'guidance': 'Faktisk start och faktiskt slut; förklara förlängningar.'},
    {'key': 'experience', 'title': '5 Erfarenheter', 'kind': 'text', 'required': False, 'guidance': 'Vad gick bra, vad skulle göras annorlunda?'},
    {'key': 'recommendations', 'title': '6 Rekommendationer', 'kind': 'text', 'required': False, 'guidance': 'Rekommendationer till nämnden och parterna.'},
    {'key': 'handover', 'title': '7 Överlämning till förvaltning', 'kind': 'text', 'required': True, 'guidance': 'Vem tar över resultatet, och hur är förvaltningen organiserad och finansierad?'},
]

COMMITTEE_CASE_SECTIONS = [
    {'key': 'case_description', 'title': 'Ärendebeskrivning', 'kind': 'text', 'required': True, 'guidance': 'Bakgrund och händelsebeskrivning: vad har hänt och varför behövs beslutet?'},
    {'key': 'proposed_decision', 'title': 'Förslag till beslut', 'kind': 'text', 'required': True, 'guidance': 'Numrerade beslutspunkter, som nämnden kan fatta dem.'},
    {'key': 'decision_basis', 'title': 'Beslutsunderlag', 'kind': 'text', 'required': False, 'guidance': 'Handlingar som bifogas: tjänsteskrivelse, projektdirektiv med version.'},
]

TEMPLATES = [
    ('slutrapport', 'Slutrapport', 'final_report', FINAL_REPORT_SECTIONS, {}, 'Standardmall för slutrapport'),
    ('tjansteskrivelse', 'Tjänsteskrivelse', 'committee_case', COMMITTEE_CASE_SECTIONS, {}, 'Standardmall för ärende till nämnden'),
]


def install(apps, schema_editor):
    Template = apps.get_model("directives", "Template")
    TemplateVersion = apps.get_model("directives", "TemplateVersion")
    GateChecklistItem = apps.get_model("directives", "GateChecklistItem")
    for key, name, kind, sections, checklists, note in TEMPLATES:
        template, _ = Template.objects.get_or_create(key=key, defaults={"name": name, "kind": kind})
        if TemplateVersion.objects.filter(template=template).exists():
            continue
        version = TemplateVersion.objects.create(template=template, number=1, sections=sections,
                                                 note=note)
        GateChecklistItem.objects.bulk_create(
            GateChecklistItem(template_version=version, gate=gate, position=position,
                              key=item_key, text=text, mandatory=mandatory)
            for gate, items in checklists.items()
            for position, (item_key, text, mandatory) in enumerate(items, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("directives", "0003_default_templates")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
