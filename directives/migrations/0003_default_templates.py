"""The default project directive template (LINK2 model), version 1, with its gate checklists.

Frozen: the data is written out here as it was when this migration was made, so changing the
live defaults (directives/defaults.py) never changes what this migration does. Idempotent: a
template that already has a version is left as it is.
"""

from django.db import migrations

DIRECTIVE_SECTIONS = [
    {'key': 'basic', 'title': '1 Grundläggande information', 'kind': 'text', 'required': True, 'guidance': 'Bakgrund, idé, syfte och koppling till parternas strategier.'},
    {'key': 'goals', 'title': '2 Mål', 'kind': 'goals', 'required': True, 'guidance': 'Effektmål med mått, nyttokalkyl, projektmål och förväntat resultat.'},
    {'key': 'requirements', 'title': '3 Krav', 'kind': 'text', 'required': False, 'guidance': 'Förutsättningar, omgivning och avgränsningar.'},
    {'key': 'links', 'title': '4 Kopplingar till andra projekt', 'kind': 'text', 'required': False, 'guidance': 'Projekt och uppdrag som påverkar eller påverkas.'},
    {'key': 'timeline', 'title': '5 Tidplan', 'kind': 'date_range', 'required': True, 'guidance': 'Start, planerat slut och milstolpar.'},
    {'key': 'budget', 'title': '6 Budget', 'kind': 'budget', 'required': True, 'guidance': 'Kostnader och finansiering, inklusive resurstimmar prissatta enligt nämndens gemensamma prislista (GNS/7/2019), så att oförutsedda kostnader undviks.'},
    {'key': 'risks', 'title': '7 Risker', 'kind': 'risks', 'required': True, 'guidance': 'Övergripande risker för genomförandet, sannolikhet, konsekvens och åtgärd.'},
    {'key': 'handover', 'title': '8 Överlämning', 'kind': 'text', 'required': False, 'guidance': 'Hur resultatet lämnas över till mottagaren och förvaltningen.'},
    {'key': 'steering_group', 'title': '9 Styrgrupp', 'kind': 'people', 'required': True, 'guidance': 'Ordförande och ledamöter med det ansvar var och en bär.'},
    {'key': 'project_group', 'title': '10 Projektgrupp', 'kind': 'people', 'required': False, 'guidance': 'Projektledare och projektdeltagare.'},
    {'key': 'working_groups', 'title': '11 Arbetsgrupper', 'kind': 'people', 'required': False, 'guidance': ''},
    {'key': 'reference_groups', 'title': '12 Referensgrupper', 'kind': 'people', 'required': False, 'guidance': ''},
    {'key': 'references', 'title': '13 Referenser', 'kind': 'text', 'required': False, 'guidance': 'Beslut, utredningar och andra underlag.'},
]

CHECKLISTS = {
    'BP0': [
        ('two_parties', 'Uppdraget kommer från minst två av nämndens parter', True),
        ('owner_appointed', 'Projektägare är utsedd (finansiär)', True),
        ('prestudy_scope', 'Förstudiens syfte, omfattning och tid är beskrivna', True),
        ('prestudy_cost', 'Förstudiens kostnad och finansiering är angivna', True),
    ],
    'BP1': [
        ('owner_appointed', 'Projektägare är utsedd (finansiär)', True),
        ('roles_appointed', 'Projektledare, styrgrupp och mottagare är utsedda och införstådda med åtagandet', True),
        ('resources_secured', 'Resurserna för etableringsfasen är säkrade', True),
        ('establishment_planned', 'Etableringsfasen är planerad och beskriven med kostnader, resurser, tid, leveranser och resultat', True),
        ('goal_formulated', 'Projektets mål är formulerat', True),
        ('result_documented', 'Det förväntade resultatet för etableringsfasen och projektet är dokumenterat och kopplat till verksamhetens mål och strategier', True),
        ('effect_goals', 'Effektmålen är definierade för projektet', True),
        ('risks_documented', 'Övergripande risker för projektets genomförande finns dokumenterade', True),
        ('registrar_appointed', 'En ansvarig för diarieföring är utsedd och en akt är upprättad för projektet', True),
    ],
    'BP2': [
        ('plan_approved', 'Projektplanen för genomförandet är godkänd', True),
        ('budget_secured', 'Budget och kostnadsfördelning mellan parterna är beslutade', True),
        ('resources_booked', 'Resurser för genomförandet är säkrade', True),
        ('risks_updated', 'Riskanalysen är uppdaterad', False),
    ],
    'BP3': [
        ('delivery_accepted', 'Leveransen är godkänd av mottagaren', True),
        ('handover_done', 'Resultatet är överlämnat till förvaltning/drift', True),
        ('final_report_planned', 'Slutrapporten är påbörjad', False),
    ],
    'BP4': [
        ('final_report_written', 'Slutrapporten är skriven och besvarar alla krav', True),
        ('outcome_reported', 'Utfall mot budget och tidplan är redovisat', True),
        ('file_closed', 'Projektets akt är komplett för arkivering', True),
    ],
}

TEMPLATES = [
    ('projektdirektiv', 'Projektdirektiv (LINK2-modellen)', 'directive', DIRECTIVE_SECTIONS, CHECKLISTS,
     'Standardmall enligt projektdirektivet för LINK2 och beslut GNS/7/2019'),
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
    dependencies = [("directives", "0002_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
