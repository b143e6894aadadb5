"""Swedish for the texts of the overview, "My work" and one source of facts (h12)."""

SV = {
    # My work
    "My work": "Mitt arbete",
    "Nothing waits for you.": "Inget väntar på dig.",
    "Checklists to answer": "Checklistor att besvara",
    "Decisions to take": "Beslut att fatta",
    "Extension requests to recommend": "Förlängningsbegäranden att tillstyrka",
    "Extension requests for the committee": "Förlängningsbegäranden till nämnden",
    "Sections to write": "Avsnitt att skriva",
    "Final-report requirements due": "Krav på slutrapporten att besvara",
    "Agenda items to prepare": "Ärenden att förbereda",
    "Checklist items not yet answered yes: %(n)s.":
        "Punkter i checklistan som ännu inte är besvarade med ja: %(n)s.",
    "The checklist is complete; the decision can be taken.":
        "Checklistan är komplett; beslutet kan fattas.",
    "Until %(date)s: %(reason)s": "Till och med %(date)s: %(reason)s",
    "Recommend the extension": "Tillstyrk förlängningen",
    "Put the extension on a meeting's agenda": "Ta upp förlängningen på ett sammanträde",
    "Write the directive": "Skriv projektdirektivet",
    "Write the final report": "Skriv slutrapporten",
    "Required sections still empty: %(sections)s": "Obligatoriska avsnitt som är tomma: %(sections)s",
    "Answer the final-report requirements": "Besvara kraven på slutrapporten",
    "Meeting of %(committee)s on %(date)s": "Sammanträde i %(committee)s %(date)s",
    "end date": "slutdatum",
    # Overview
    "Overview": "Översikt",
    "Show": "Visa",
    "Choose a committee.": "Välj en nämnd.",
    "You do not belong to any committee, so there is no portfolio to show.":
        "Du tillhör ingen nämnd, så det finns ingen portfölj att visa.",
    "As of %(date)s.": "Per %(date)s.",
    "Projects per phase": "Projekt per fas",
    "Health": "Hälsa",
    "Time: red when the end date has passed, amber within 30 days. Money: red over the cost "
    "cap or more than 10 per cent over budget, amber over budget, at 90 per cent of the cost "
    "cap or with a "
    "budget above the cap. Decisions: amber while one waits, red after 30 days.":
        "Tid: röd när slutdatum har passerat, gul inom 30 dagar. Ekonomi: röd över "
        "kostnadstaket eller mer än 10 procent över budget, gul över budget, vid 90 procent av "
        "kostnadstaket eller med en budget över taket. Beslut: gul medan ett beslut väntar, "
        "röd efter 30 dagar.",
    "Time": "Tid",
    "Money": "Ekonomi",
    "Decisions waiting": "Beslut som väntar",
    "Outcome": "Utfall",
    "OK": "OK",
    "Watch": "Bevaka",
    "Deviation": "Avvikelse",
    "Unknown": "Okänt",
    "Timeline": "Tidslinje",
    "Timeline as a table": "Tidslinjen som tabell",
    "Gates passed": "Passerade beslutspunkter",
    "Timeline of the projects of %(committee)s": "Tidslinje för projekten i %(committee)s",
    "%(n)s projects from start to current end date, with the gates passed; the table below "
    "gives the same dates.":
        "%(n)s projekt från start till nuvarande slutdatum, med passerade beslutspunkter; "
        "tabellen nedan ger samma datum.",
    "Bars run from start to current end date; a dashed line marks the originally planned "
    "end; diamonds mark the gates passed.":
        "Staplarna går från start till nuvarande slutdatum; en streckad linje visar det "
        "ursprungligen planerade slutet; romber visar passerade beslutspunkter.",
    # One source of facts
    "What the directive says": "Det här säger projektdirektivet",
    "No directive has been written yet.": "Inget projektdirektiv har skrivits ännu.",
    "From the directive, version %(version)s.": "Från projektdirektivet, version %(version)s.",
    "Goals": "Mål",
    "Goal": "Mål",
    "Measures": "Mått",
    "Risk": "Risk",
    "Consequence": "Konsekvens",
    "Action": "Åtgärd",
    "Budget in the directive": "Budget i projektdirektivet",
    "Steering group in the directive": "Styrgrupp i projektdirektivet",
    "Edit project details": "Ändra projektuppgifter",
    "Save the details": "Spara uppgifterna",
    "Back to the project": "Tillbaka till projektet",
    "The project details have been saved.": "Projektuppgifterna har sparats.",
    "Someone else saved this project after you opened the page. Nothing has been saved; your "
    "values are below. Open the page again to see the saved values.":
        "Någon annan sparade projektet efter att du öppnade sidan. Inget har sparats; dina "
        "värden står nedan. Öppna sidan igen för att se de sparade värdena.",
    "Project group": "Projektgrupp",
    "Reference groups": "Referensgrupper",
    "Public (shown in the intranet feed)": "Offentligt (visas i intranätets flöde)",
    "Fixed once the establishment phase has started; request an extension.":
        "Låst när etableringsfasen har startat; begär förlängning.",
    "Financiers": "Finansiärer",
    "Who pays for the assignment. Leave empty to add them later on the budget page, where "
    "fixed percentages can also be given.":
        "Vem som betalar uppdraget. Lämna tomt för att lägga till dem senare på budgetsidan, "
        "där fasta procentsatser också kan anges.",
    "Financier %(n)s: name": "Finansiär %(n)s: namn",
    "Financier %(n)s: parties": "Finansiär %(n)s: parter",
    "Financier %(n)s: allocation key": "Finansiär %(n)s: fördelningsnyckel",
    "Name the financier.": "Ange finansiärens namn.",
    "Give each financier a different name.": "Ge varje finansiär ett eget namn.",
    "One party carries it alone; choose a key to split it between several parties.":
        "En part bär kostnaden ensam; välj en nyckel för att fördela den mellan flera parter.",
}

PLURALS = {
    "%(n)s thing waits for you.": ("%(n)s sak väntar på dig.", "%(n)s saker väntar på dig."),
}
