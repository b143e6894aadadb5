"""The default templates, as data. The directive follows the LINK2 project directive."""

from portfolio.lifecycle import Gate

DIRECTIVE_TEMPLATE_KEY = "projektdirektiv"

# Content kinds a section can hold; the directive editor picks its widget by kind.
TEXT = "text"
DATE_RANGE = "date_range"
PEOPLE = "people"
BUDGET = "budget"
RESOURCE_HOURS = "resource_hours"
RISKS = "risks"
GOALS = "goals"

DIRECTIVE_SECTIONS = [
    {"key": "basic", "title": "1 Grundläggande information", "kind": TEXT, "required": True,
     "guidance": "Bakgrund, idé, syfte och koppling till parternas strategier."},
    {"key": "goals", "title": "2 Mål", "kind": GOALS, "required": True,
     "guidance": "Effektmål med mått, nyttokalkyl, projektmål och förväntat resultat."},
    {"key": "requirements", "title": "3 Krav", "kind": TEXT, "required": False,
     "guidance": "Förutsättningar, omgivning och avgränsningar."},
    {"key": "links", "title": "4 Kopplingar till andra projekt", "kind": TEXT, "required": False,
     "guidance": "Projekt och uppdrag som påverkar eller påverkas."},
    {"key": "timeline", "title": "5 Tidplan", "kind": DATE_RANGE, "required": True,
     "guidance": "Start, planerat slut och milstolpar."},
    {"key": "budget", "title": "6 Budget", "kind": BUDGET, "required": True,
     "guidance": "Kostnader och finansiering, inklusive resurstimmar prissatta enligt nämndens "
                 "gemensamma prislista (GNS/7/2019), så att oförutsedda kostnader undviks."},
    {"key": "risks", "title": "7 Risker", "kind": RISKS, "required": True,
     "guidance": "Övergripande risker för genomförandet, sannolikhet, konsekvens och åtgärd."},
    {"key": "handover", "title": "8 Överlämning", "kind": TEXT, "required": False,
     "guidance": "Hur resultatet lämnas över till mottagaren och förvaltningen."},
    {"key": "steering_group", "title": "9 Styrgrupp", "kind": PEOPLE, "required": True,
     "guidance": "Ordförande och ledamöter med det ansvar var och en bär."},
    {"key": "project_group", "title": "10 Projektgrupp", "kind": PEOPLE, "required": False,
     "guidance": "Projektledare och projektdeltagare."},
    {"key": "working_groups", "title": "11 Arbetsgrupper", "kind": PEOPLE, "required": False,
     "guidance": ""},
    {"key": "reference_groups", "title": "12 Referensgrupper", "kind": PEOPLE, "required": False,
     "guidance": ""},
    {"key": "references", "title": "13 Referenser", "kind": TEXT, "required": False,
     "guidance": "Beslut, utredningar och andra underlag."},
]

# The BP1 checklist is the one in the LINK2 directive ("Checklista inför beslut, BP1").
CHECKLISTS = {
    Gate.BP0: [
        ("two_parties", "Uppdraget kommer från minst två av nämndens parter", True),
        ("owner_appointed", "Projektägare är utsedd (finansiär)", True),
        ("prestudy_scope", "Förstudiens syfte, omfattning och tid är beskrivna", True),
        ("prestudy_cost", "Förstudiens kostnad och finansiering är angivna", True),
    ],
    Gate.BP1: [
        ("owner_appointed", "Projektägare är utsedd (finansiär)", True),
        ("roles_appointed",
         "Projektledare, styrgrupp och mottagare är utsedda och införstådda med åtagandet", True),
        ("resources_secured", "Resurserna för etableringsfasen är säkrade", True),
        ("establishment_planned",
         "Etableringsfasen är planerad och beskriven med kostnader, resurser, tid, leveranser "
         "och resultat", True),
        ("goal_formulated", "Projektets mål är formulerat", True),
        ("result_documented",
         "Det förväntade resultatet för etableringsfasen och projektet är dokumenterat och "
         "kopplat till verksamhetens mål och strategier", True),
        ("effect_goals", "Effektmålen är definierade för projektet", True),
        ("risks_documented", "Övergripande risker för projektets genomförande finns dokumenterade",
         True),
        ("registrar_appointed",
         "En ansvarig för diarieföring är utsedd och en akt är upprättad för projektet", True),
    ],
    Gate.BP2: [
        ("plan_approved", "Projektplanen för genomförandet är godkänd", True),
        ("budget_secured", "Budget och kostnadsfördelning mellan parterna är beslutade", True),
        ("resources_booked", "Resurser för genomförandet är säkrade", True),
        ("risks_updated", "Riskanalysen är uppdaterad", False),
    ],
    Gate.BP3: [
        ("delivery_accepted", "Leveransen är godkänd av mottagaren", True),
        ("handover_done", "Resultatet är överlämnat till förvaltning/drift", True),
        ("final_report_planned", "Slutrapporten är påbörjad", False),
    ],
    Gate.BP4: [
        ("final_report_written", "Slutrapporten är skriven och besvarar alla krav", True),
        ("outcome_reported", "Utfall mot budget och tidplan är redovisat", True),
        ("file_closed", "Projektets akt är komplett för arkivering", True),
    ],
}

FINAL_REPORT_TEMPLATE_KEY = "slutrapport"
FINAL_REPORT_SECTIONS = [
    {"key": "goal_fulfilment", "title": "1 Måluppfyllelse", "kind": TEXT, "required": True,
     "guidance": "Har projektmålet och det förväntade resultatet nåtts? Vad nåddes inte, och varför?"},
    {"key": "effect_goals", "title": "2 Uppföljning av effektmål", "kind": GOALS, "required": True,
     "guidance": "Varje effektmål med sitt mått och vad mätningen visar hittills."},
    {"key": "budget_outcome", "title": "3 Utfall mot budget", "kind": TEXT, "required": True,
     "guidance": "Utfall mot budget per finansiär, med förklaring av avvikelser."},
    {"key": "schedule_outcome", "title": "4 Utfall mot tidplan", "kind": DATE_RANGE,
     "required": True, "guidance": "Faktisk start och faktiskt slut; förklara förlängningar."},
    {"key": "experience", "title": "5 Erfarenheter", "kind": TEXT, "required": False,
     "guidance": "Vad gick bra, vad skulle göras annorlunda?"},
    {"key": "recommendations", "title": "6 Rekommendationer", "kind": TEXT, "required": False,
     "guidance": "Rekommendationer till nämnden och parterna."},
    {"key": "handover", "title": "7 Överlämning till förvaltning", "kind": TEXT, "required": True,
     "guidance": "Vem tar över resultatet, och hur är förvaltningen organiserad och finansierad?"},
]

COMMITTEE_CASE_TEMPLATE_KEY = "tjansteskrivelse"
COMMITTEE_CASE_SECTIONS = [
    {"key": "case_description", "title": "Ärendebeskrivning", "kind": TEXT, "required": True,
     "guidance": "Bakgrund och händelsebeskrivning: vad har hänt och varför behövs beslutet?"},
    {"key": "proposed_decision", "title": "Förslag till beslut", "kind": TEXT, "required": True,
     "guidance": "Numrerade beslutspunkter, som nämnden kan fatta dem."},
    {"key": "decision_basis", "title": "Beslutsunderlag", "kind": TEXT, "required": False,
     "guidance": "Handlingar som bifogas: tjänsteskrivelse, projektdirektiv med version."},
]

# The LINK2 directive as the committee approved it (2018-08-24): the committee itself
# decides BP1, at a meeting, and the section titles are the directive's own words.
COMMITTEE_DIRECTIVE_TEMPLATE_KEY = "projektdirektiv-namnden"
VERBATIM_TITLES = {
    "basic": "1. Grundläggande information", "goals": "2. Mål",
    "requirements": "3. Krav på projektet",
    "links": "4. Kopplingar till andra projekt och verksamheter", "timeline": "5. Tidplan",
    "budget": "6. Budget", "risks": "7. Övergripande risker", "handover": "8. Överlämnande",
    "steering_group": "9. Styrgrupp", "project_group": "10. Projektgrupp",
    "working_groups": "11. Arbetsgrupper", "reference_groups": "12. Referensgrupper",
    "references": "13. Referenser",
}
COMMITTEE_DIRECTIVE_SECTIONS = [{**s, "title": VERBATIM_TITLES[str(s["key"])]}
                                for s in DIRECTIVE_SECTIONS]
COMMITTEE_GATE_DECIDERS = {
    Gate.BP1.value: {"decided_by": "committee", "meeting_required": True},
}
