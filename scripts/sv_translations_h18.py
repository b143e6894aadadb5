"""Swedish for the committee's own record (issue #11 points 1, 5, 6; h18)."""

SV = {
    # Who decides a gate, per template
    "Project directive and start of the establishment phase: %(name)s":
        "Projektdirektiv och start av etableringsfasen: %(name)s",
    "The project directive is approved and the establishment phase is started (BP1).":
        "Projektdirektivet godkänns och etableringsfasen startas (BP1).",
    "Start of execution: %(name)s": "Start av genomförandefasen: %(name)s",
    "The execution phase is started (BP2).": "Genomförandefasen startas (BP2).",
    "Delivery accepted: %(name)s": "Leveransen godkänd: %(name)s",
    "The delivery is accepted and the final report is written (BP3).":
        "Leveransen godkänns och slutrapporten skrivs (BP3).",
    "%(gate)s of this project is decided by the committee at a meeting: choose the meeting.":
        "%(gate)s för det här projektet beslutas av nämnden vid ett sammanträde: välj "
        "sammanträdet.",
    "%(gate)s of this project is not on the agenda of the meeting %(date)s; add it to the "
    "agenda first.":
        "%(gate)s för det här projektet finns inte på föredragningslistan för sammanträdet "
        "%(date)s; bygg föredragningslistan först.",
    "at a meeting, as an item of its agenda": "vid sammanträde, som ett ärende på "
                                              "föredragningslistan",
    "gate deciders": "beslutande per beslutspunkt",
    "Per gate: decided_by (committee or steering_group) and meeting_required.":
        "Per beslutspunkt: decided_by (committee eller steering_group) och meeting_required.",
    "Expected an object: gate → {decided_by, meeting_required}.":
        "Förväntade ett objekt: beslutspunkt → {decided_by, meeting_required}.",
    "Unknown gate; use one of %(gates)s.": "Okänd beslutspunkt; använd någon av %(gates)s.",
    "decided_by must be one of %(bodies)s.": "decided_by ska vara en av %(bodies)s.",
    "meeting_required must be true or false.": "meeting_required ska vara true eller false.",
    "Only the committee decides at a meeting.": "Bara nämnden beslutar vid sammanträde.",
    "Choose a project directive template.": "Välj en mall för projektdirektiv.",
    "The template is chosen while the project is a draft.":
        "Mallen väljs medan projektet är ett utkast.",
    "The directive is already written on its template.":
        "Direktivet är redan skrivet på sin mall.",
    # Documents carry their own dates
    "dated": "daterad",
    "Give a date between 1990-01-01 and today.": "Ange ett datum mellan 1990-01-01 och i dag.",
    "Version %(label)s of %(date)s": "Version %(label)s daterad %(date)s",
    "Approved on %(on)s: version %(label)s of %(dated)s.":
        "Fastställt %(on)s: version %(label)s daterad %(dated)s.",
    "Activity": "Aktivitet",
    "Total": "Totalt",
    # Money as the committee reports it
    "yearly base fee": "basarvode för året",
    "yearly base fees": "basarvoden per år",
    "year": "år",
    "amount": "belopp",
    "from year": "från år",
    "to year": "till år",
    "carry-over": "överföring av kvarstående medel",
    "carry-overs": "överföringar av kvarstående medel",
    "T1 (January–April)": "T1 (januari–april)",
    "T2 (January–August)": "T2 (januari–augusti)",
    "Year": "År",
    "text": "text",
    "follow-up narrative": "kommentar i uppföljningen",
    "follow-up narratives": "kommentarer i uppföljningen",
    "A year between %(first)s and %(last)s.": "Ett år mellan %(first)s och %(last)s.",
    "An amount in kronor, at most two decimals.": "Ett belopp i kronor, högst två decimaler.",
    "Only the committee's chair or secretary keeps its money.":
        "Bara nämndens ordförande eller sekreterare för in nämndens ekonomi.",
    "At most 100 characters.": "Högst 100 tecken.",
    "Must be a later year than %(year)s.": "Ska vara ett senare år än %(year)s.",
    "Name the decision that reserved the funds.": "Ange beslutet som reserverade medlen.",
    "At most 500 characters.": "Högst 500 tecken.",
    "Use T1, T2 or Y.": "Använd T1, T2 eller Y.",
    "Expected text.": "Förväntade text.",
    "At most %(n)s characters.": "Högst %(n)s tecken.",
    "A year like 2019.": "Ett årtal som 2019.",
    "No such cost object in the committee.": "Objektet finns inte i nämnden.",
    "The narrative is saved.": "Kommentaren är sparad.",
    "Object": "Objekt",
    "Narrative": "Kommentar",
    "Summary per object": "Sammanfattning per objekt",
    "Object %(code)s: %(name)s %(n)s tkr": "Objekt %(code)s: %(name)s %(n)s tkr",
    "Narrative for object %(code)s": "Kommentar för objekt %(code)s",
    "Save narrative": "Spara kommentar",
    "Accumulated outcome to %(month)s %(year)s: %(outcome)s tkr (accumulated budget "
    "%(budget)s tkr, deviation %(deviation)s tkr, accumulated outcome last year %(last)s tkr).":
        "Ackumulerat utfall per %(month)s %(year)s: %(outcome)s tkr (ackumulerad budget "
        "%(budget)s tkr, avvikelse %(deviation)s tkr, ackumulerat utfall föregående år "
        "%(last)s tkr).",
    "Base fee and carried-over funds": "Basarvode och kvarstående medel",
    "Base fee per year": "Basarvode per år",
    "Carried-over funds": "Kvarstående medel som förts över",
    "From year": "Från år",
    "To year": "Till år",
    "Note": "Not",
}
