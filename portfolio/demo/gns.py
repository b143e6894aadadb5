"""The GNS portfolio of 2018–2019 as told by the seed documents (minutes, agendas, LINK2).

Where the seeds are silent (some case numbers, join dates, planned end dates) the value is a
demo assumption and says so in ASSUMPTIONS, which the README repeats.
"""

import datetime
from decimal import Decimal

D = datetime.date

PARTIES = [
    ("rjh", "Region Jämtland Härjedalen", "region"),
    ("berg", "Bergs kommun", "municipality"),
    ("bracke", "Bräcke kommun", "municipality"),
    ("harjedalen", "Härjedalens kommun", "municipality"),
    ("krokom", "Krokoms kommun", "municipality"),
    ("ragunda", "Ragunda kommun", "municipality"),
    ("stromsund", "Strömsunds kommun", "municipality"),
    ("are", "Åre kommun", "municipality"),
    ("ostersund", "Östersunds kommun", "municipality"),
]
MUNICIPALITIES = [code for code, _, kind in PARTIES if kind == "municipality"]
ALL_PARTIES = [code for code, _, _ in PARTIES]

COMMITTEE = {
    "code": "GNS",
    "name": "Gemensam nämnd för samverkan inom drift och service, utveckling samt "
            "specialistfunktioner",
    "host": "rjh",
}
# The committee began as an IT committee of the region and Åre; all eight municipalities
# were members during 2018. Exact join dates are not in the seeds (assumption).
JOINED = {"rjh": D(2016, 1, 1), "are": D(2016, 1, 1)}
JOINED_DEFAULT = D(2018, 1, 1)

MEETINGS = [
    (D(2018, 8, 24), None, None, ""),
    (D(2018, 10, 26), None, None, ""),
    (D(2018, 12, 7), None, None, ""),
    (D(2019, 2, 8), None, None, ""),
    (D(2019, 4, 5), None, None, ""),
    (D(2019, 6, 3), datetime.time(9, 0), datetime.time(11, 30), ""),
    (D(2019, 9, 6), datetime.time(9, 0), datetime.time(12, 0), "Styrelserummet"),
    (D(2019, 10, 11), None, None, ""),
]

# GNS/7/2019 "Gemensam prislista": valid-from not in the seeds; the meeting day is used.
PRICE_LIST = [("Jurist", Decimal("645")), ("Ekonomi/personalstöd", Decimal("422")),
              ("Upphandlare", Decimal("467"))]
PRICE_LIST_VALID_FROM = D(2019, 6, 3)

LINK2_RISKS = (
    "1. Det kan saknas verksamhetsstöd när avtalet med Tieto om Lifecare upphör 19-02-28. I "
    "sådana fall påverkas samarbetet mellan alla verksamheter.\n"
    "2. Brist på kunskap om arbetssätten med tillhörande lokala rutiner. Många inblandade som har "
    "behov av att ha samma kunskaper. Kort tid för införande av nytt IT-stöd och arbetssätt.\n"
    "3. Brist på kännedom och förståelse för varandras arbete."
)
LINK2_EFFECT_GOALS = (
    "Att stödja en trygg, säker och effektiv utskrivningsprocess för personer med behov av stöd "
    "från hälso- och sjukvården och socialtjänsten.\n"
    "Mått: beläggningsstatistik; andel patienter som skrivs ut dag 0 efter beslut om "
    "utskrivningsklar; återinskrivningar inom 30 dagar; antal genomförda SIP."
)
LINK2_BUDGET = [
    # activity, total, region, municipalities, note
    ("Projektledare RJH 50–75 %", 400_000, 400_000, 0,
     "Beräknad på en genomsnittlig tjänstgöring på 60 %"),
    ("Projektledare kommunerna 50–75 %", 400_000, 0, 400_000,
     "Beräknad på en genomsnittlig tjänstgöring på 60 %"),
    ("Resekostnader för samarbete med Cambio", 50_000, 25_000, 25_000, ""),
    ("Resekostnader för besök i verksamheter", 200_000, 100_000, 100_000, ""),
    ("Kommunikator 10–25 %", 80_000, 40_000, 40_000,
     "Beräknad på en genomsnittlig tjänstgöring på 15 %"),
    ("LINK-modulen licenskostnad", 1_400_000, 1_400_000, 0,
     "Kostnad som regionen har oavsett vilket system som används"),
    ("LINK-modulen årligt underhåll", 280_000, 280_000, 0,
     "Kostnad som regionen har oavsett vilket system som används"),
]

DIGITAL_TRANSFORMATION_CANCEL_REASON = (
    "Ingen ny projektansökan skrivs fram och ärendet avslutas. E-strategen fick i uppdrag att "
    "skriva fram en projektansökan samt säkerställa medfinansiering. Då ingen återkoppling "
    "skedde kunde inte ansökan färdigställas och den skickades således aldrig in. En ny "
    "utlysningsperiod öppnar i december, men då det inte finns någon verksamhetsförankring för "
    "projektet så är förslaget att ingen ny projektansökan skrivs fram."
)

LINK2_EXTENSION_REASON = (
    "2019-03-05 uppmärksammade regionens IT-avdelning säkerhetsrisker i den planerade "
    "inloggningsprocessen för externa användare och en ny inloggningsmodell beställdes. Vid test "
    "i slutet av april var flera kommuner inte klara med sina tekniska uppdateringar, och kvällen "
    "före start fick produktionsstarten skjutas upp. Produktionsstart skedde 2019-05-20. "
    "Fredagsgruppen ställde sig 2019-05-03 bakom styrgruppens förslag till förlängning med "
    "nuvarande resurser och samma kostnadsfördelning t.o.m. 31 oktober 2019."
)
LINK2_EXTENSION_DECISION = (
    "1. Projekttiden för införandet av Cosmic LINK2 förlängs med nuvarande resurser och "
    "kostnadsfördelning till och med 31 oktober 2019.\n"
    "2. Uppdra till projektet att i kommande slutrapport redovisa uppföljning av införandet."
)
LINK2_FINAL_REPORT_REQUIREMENT = "Redovisa uppföljning av införandet i kommande slutrapport."

ASSUMPTIONS = [
    "Case numbers of Serverdrift Åre (GNS/1/2018), the IT server pre-study (GNS/3/2019) and the "
    "payroll pre-study (GNS/4/2019) are not in the seeds.",
    "Join dates of the parties and planned end dates of the two pre-studies are assumptions.",
    "The paragraph of the LINK2 extension (§ 17, 2019-06-03) follows the agenda order; the "
    "seeds give § 19 and § 20 of that meeting only.",
    "The base fee of 2019 (2 160 000 kr) is the base-fee object's income in the demo; the seeds "
    "give no figure. The monthly spread of budgets and outcomes is an assumption; the "
    "accumulated sums are the seeds'.",
    "The LINK2 directive drafts 0.1–0.4 and their dates are assumptions; the seeds give "
    "version 0.5 of 2018-08-13, approved by the committee on 2018-08-24. The paragraphs of "
    "the BP1 decisions on 2018-08-24 and 2019-04-05 are not in the seeds.",
]

# The LINK2 directive was written in drafts; 0.5 of 2018-08-13 is the one the committee
# approved. Each draft adds sections (keys of LINK2_DIRECTIVE) to the one before.
LINK2_DRAFTS = [
    (D(2018, 6, 18), ("basic", "goals")),
    (D(2018, 6, 29), ("requirements", "links", "timeline")),
    (D(2018, 7, 9), ("budget", "risks")),
    (D(2018, 8, 1), ("handover", "steering_group", "project_group")),
    (D(2018, 8, 13), ("reference_groups", "references")),
]

# The LINK2 directive (version 0.5, 2018-08-13), sections as the seed gives them.
LINK2_DIRECTIVE = {
    "basic": (
        "1.1 Bakgrund\n"
        "Utskrivningsprocessen för hälso- och sjukvårdens slutenvård styrs av lagen om samverkan "
        "vid utskrivning från sluten hälso- och sjukvård (LOSUS). Personer som inte längre har "
        "behov av den slutna vårdens resurser ska så snart som möjligt kunna lämna slutenvården "
        "med trygg och säker utskrivningsplanering. Nuvarande IT-stöd, Lifecare, upphör när "
        "avtalet med Tieto löper ut i februari 2019.\n\n"
        "1.2 Idé\nLINK2 kopplas till journalen i Cosmic och läkemedelslistan, vilket minskar "
        "dubbeldokumentation och ger kommunernas personal bättre åtkomst.\n\n"
        "1.3 Syfte\nAtt ersätta nuvarande verksamhetsstöd, LifeCare, med Cosmic LINK2.\n\n"
        "1.4 Verksamhetsstrategi\nRegionens och kommunernas planer fokuserar på samverkan; "
        "målet är att minska återinskrivningar inom 30 dagar."
    ),
    "goals": [
        {"goal": "Att stödja en trygg, säker och effektiv utskrivningsprocess för personer med "
                 "behov av stöd från hälso- och sjukvården och socialtjänsten.",
         "measures": "Beläggningsstatistik; andel patienter som skrivs ut dag 0 efter beslut om "
                     "utskrivningsklar; återinskrivningar inom 30 dagar; antal genomförda SIP"},
        {"goal": "Projektmål: införa IT-stödet Cosmic LINK2 anpassat till samverkansavtalet "
                 "med utgångspunkt från LOSUS, med förändrade arbetssätt.",
         "measures": "Införandeplan; plan för att avveckla Lifecare; beslutsförslag om framtida "
                     "förvaltning"},
    ],
    "requirements": (
        "3.1 Förutsättningar: hög grad av samverkan; nära arbete med Cambio och Tieto.\n"
        "3.3 Avgränsningar: avtalstolkningar sker i styrgruppen för avtalen; lokal implementering "
        "av arbetssätten ägs av respektive huvudman; uppföljning av effektmålen sker utanför "
        "projektet."
    ),
    "links": "Beroende av uppdatering av Cosmic till version SP8/FP3.",
    "timeline": {"start": "2018-09-01", "end": "2019-06-30"},
    # The directive's own split columns: "Totalt Kr | RegionJH | Kommunerna".
    "budget": [{"activity": a, "total": str(t), "note": n,
                "shares": {name: str(v) for name, v in (("Region JH", r), ("Kommunerna", m))
                           if v}}
               for a, t, r, m, n in LINK2_BUDGET],
    "risks": [
        {"risk": "Det kan saknas verksamhetsstöd när avtalet med Tieto om Lifecare upphör "
                 "19-02-28.", "consequence": "Samarbetet mellan alla verksamheter påverkas.",
         "action": ""},
        {"risk": "Brist på kunskap om arbetssätten med tillhörande lokala rutiner.",
         "consequence": "Kort tid för införande av nytt IT-stöd och arbetssätt.",
         "action": "Utbildning av metodhandledare/superanvändare"},
        {"risk": "Brist på kännedom och förståelse för varandras arbete.", "consequence": "",
         "action": ""},
    ],
    "handover": "Förvaltning enligt modellen PM3, som för Cosmic; förvaltningen av LINK2 sker i "
                "samverkan med kommunerna.",
    "steering_group": [{"name": "Planeringschef, Region Jämtland Härjedalen (ordf.)",
                        "responsibility": "Förankring mot verksamheterna inom regionen"},
                       {"name": "IT-chef, Region Jämtland Härjedalen",
                        "responsibility": "Förankring mot IT"},
                       {"name": "Social samordnare för länets kommuner",
                        "responsibility": "Förankring mot kommunerna"},
                       {"name": "Områdeschef, Bergs kommun",
                        "responsibility": "Förankring mot kommunerna"},
                       {"name": "Jurist från regionen eller kommun", "responsibility": ""}],
    "project_group": [{"name": "Projektledare Region JH", "responsibility": ""},
                      {"name": "Projektledare för kommunerna", "responsibility": ""},
                      {"name": "Kommunikator", "responsibility": "Anlitas internt"}],
    "reference_groups": [{"name": "MAS-gruppen från kommunerna", "responsibility": ""},
                         {"name": "IT-chefsnätverket", "responsibility": ""}],
    "references": "Trygg och effektiv utskrivning från slutenvård, SOU 2015:20; SFS 2017:612.",
}

# Kallelse/föredragningslista 2019-06-03: number, heading, case, presenter (role), time, §.
# The seeds give § 19 and § 20; the others follow the agenda order (assumption).
AGENDA_2019_06_03 = [
    (1, "Val av justerare och tid för justering", "", "Ordförande", "09:00", None),
    (2, "Fastställande av föredragningslista", "", "", "", None),
    (3, "Informationer 2019", "GNS/2/2019", "IT-strateg", "09:15", None),
    (4, "Information om granskningsrapport avseende gemensam nämnd för samverkan inom drift och "
        "service, utveckling samt specialistfunktioner", "GNS/5/2019", "E-strateg", "09:30", None),
    (6, "Tertialrapport per april 2019", "GNS/6/2019", "E-strateg", "10:00", None),
    (7, "Förlängning av projekt IT-stöd för samordnad planering - LINK2", "GNS/8/2018",
     "Projektledare Region JH", "10:15", 17),
    (8, "Oförutsedda kostnader för resurs kopplad till nämndens verksamhet", "GNS/7/2019", "",
     "10:30", None),
    (9, "Projekt Digital transformation", "GNS/8/2019", "E-strateg", "11:00", 19),
    (10, "Sammanslagning av gemensamma nämnder", "GNS/11/2019", "", "11:30", None),
]

# Money of 2019 (tkr in the seeds): the T1 deviation is −219 tkr (Serverdrift Åre +23, LINK2
# −258, the base-fee part +16 "enligt plan" apart from the Know-IT invoices), the August interim
# report −424 tkr (6663 −69, 6674 −393, 6676 ±0, base fee +38). Monthly figures are not in the
# seeds: they are spread evenly over the months (assumption). The base-fee object code is an
# assumption too; the annual budget nets to −101 tkr as in the T1 report.
COST_OBJECTS = [
    ("6660", "Basarvode – nämndens gemensamma del", None),
    ("6663", "Serverdrift Åre", (2018, 1)),
    ("6674", "Link2 införandet", (2018, 8)),
    ("6676", "Förstudie IT-serverdrift", (2019, 3)),
]
# The accumulated figures the reports lead with (tkr): T1 2019 outcome −274, budget −55, last
# year +55; August 2019 outcome −493, budget −69, last year −44; the annual budget −101. The
# budget is the base-fee object's; by tertial (monthly Jan–Apr, May–Aug, Sep–Dec) it is spread
# to give those sums (assumption), the same in 2018.
BUDGET_6660 = (-13_750, -3_500, -8_000)
# object: (monthly income, deviation per month Jan–Apr, per month May–Aug) in 2019
MONEY_2019 = {
    "6660": (180_000, 4_000, 5_500),
    "6663": (88_000, 5_750, -23_000),
    "6674": (60_000, -64_500, -33_750),
    "6676": (15_000, 0, 0),
}
# 2018 outcome per month (Jan–Apr, May–Aug); September–December as budgeted (assumption).
MONEY_2018 = {"6660": (15_750, -22_750), "6663": (0, 0), "6674": (-2_000, -2_000),
              "6676": (0, 0)}


def monthly_budget(code: str, month: int) -> int:
    if code != "6660":
        return 0
    return BUDGET_6660[0 if month <= 4 else 1 if month <= 8 else 2]


# The base fee (basarvode) of 2019 is not given as a figure in the seeds: it is the base-fee
# object's income in the demo (12 × 180 000 kr, assumption). It pays the e-strateg, 5 % of a
# committee secretary and 10 % of finance and personnel administration (GNS/7/2019) and is
# shared equally by the parties; 2020 was to be recalculated.
BASE_FEES = [(2019, Decimal("2160000"), "Verksamhetsplan 2019")]
# Årsbokslut 2018 (meeting 2019-02-08): "kvarstående medel för nämnden reserveras till
# nästkommande år, 745 tkr".
CARRY_OVERS = [(2018, 2019, Decimal("745000"), "Årsbokslut 2018, nämnden 2019-02-08",
                "Kvarstående medel för nämnden reserveras till nästkommande år; förstudien "
                "IT-serverdrift (objekt 6676) finansieras av dem.")]
# What the reports say per object (Tertialrapport april 2019, Delårsrapport augusti 2019).
NARRATIVES = {
    (2019, "T1"): {
        "6660": "Basarvodesdelen enligt plan förutom två Know-IT-fakturor kopplade till Jämtnät "
                "som ska bokas om, ca 39 tkr.",
        "6663": "Serverdrift Åre +23 tkr; ska vid årets slut gå ±0.",
        "6674": "Link2 införandet −258 tkr; ska vidarefaktureras kommunerna till viss del.",
    },
    (2019, "T2"): {
        "6660": "Basarvodesdelen enligt plan.",
        "6663": "Serverdrift Åre −69 tkr; ska vid årets slut gå ±0.",
        "6674": "Link2 införandet −393 tkr. Egen projektledare 60 % finansieras av regionen och "
                "extern projektledare 60 % från Östersunds kommun har inte budgeterats.",
        "6676": "Förstudie ±0 till följd av kvarstående medel från 2018.",
    },
}
