"""Swedish for issue #11 point 3: decisions confirmed before they are carried out, and
corrected until the minutes are adjusted (branch h21)."""

SV = {
    # Meeting page
    "Not confirmed": "Ej bekräftat",
    "Confirmed by %(name)s %(date)s": "Bekräftat av %(name)s %(date)s",
    "Corrected": "Rättat",
    "Confirm the decision": "Bekräfta beslutet",
    "Correct the decision": "Rätta beslutet",
    "Corrected decision": "Rättat beslut",
    "Confirm": "Bekräfta",
    "§ %(n)s recorded: %(text)s. The secretary confirms it before it is carried out.":
        "§ %(n)s antecknad: %(text)s. Sekreteraren bekräftar beslutet innan det verkställs.",
    "The decision has been corrected; the secretary confirms it again.":
        "Beslutet har rättats; sekreteraren bekräftar det på nytt.",
    # Services
    "The request has been decided since it was tabled; the tabling can no longer be corrected.":
        "Ansökan har avgjorts sedan den bordlades; bordläggningen kan inte längre rättas.",
    "Tabling corrected": "Bordläggningen rättad",
    "The extension decision was recorded before corrections were kept; put a new decision on "
    "the agenda.":
        "Beslutet om förlängning registrerades innan rättelser sparades; ta upp ett nytt "
        "beslut på föredragningslistan.",
    "The project's end date has changed since the extension was approved; the approval can no "
    "longer be corrected.":
        "Projektets slutdatum har ändrats sedan förlängningen beviljades; beviljandet kan inte "
        "längre rättas.",
    "The final report already answers a requirement the extension set; the approval can no "
    "longer be corrected.":
        "Slutrapporten besvarar redan ett krav som förlängningen ställde; beviljandet kan inte "
        "längre rättas.",
    "This decision was carried out before corrections were kept; put a new decision on the "
    "agenda instead.":
        "Beslutet verkställdes innan rättelser sparades; ta i stället upp ett nytt beslut på "
        "föredragningslistan.",
    "The project has moved on since this decision (a later decision or change of state depends "
    "on it); it can no longer be corrected here. Put a new decision on the agenda instead.":
        "Projektet har gått vidare sedan beslutet (ett senare beslut eller byte av fas bygger "
        "på det); det kan inte längre rättas här. Ta i stället upp ett nytt beslut på "
        "föredragningslistan.",
    "The directive has been changed since it was approved at this decision; it can no longer "
    "be corrected here.":
        "Direktivet har ändrats sedan det fastställdes genom beslutet; beslutet kan inte längre "
        "rättas här.",
    "Something already refers to the directive approved at this decision; it can no longer be "
    "corrected here.":
        "Något hänvisar redan till direktivet som fastställdes genom beslutet; beslutet kan inte "
        "längre rättas här.",
    "Decision corrected: %(gate)s": "Beslut rättat: %(gate)s",
    "The project has moved on since it was cancelled; the decision can no longer be corrected "
    "here.":
        "Projektet har gått vidare sedan det avbröts; beslutet kan inte längre rättas här.",
    # Audit trail
    "%(who)s confirmed the committee's decision and carried it out":
        "%(who)s bekräftade nämndens beslut och verkställde det",
    "%(who)s corrected the committee's decision": "%(who)s rättade nämndens beslut",
    "%(who)s voided a gate decision corrected in the minutes":
        "%(who)s makulerade ett beslut i beslutspunkt som rättats i protokollet",
    "%(who)s reversed the extension decision corrected in the minutes":
        "%(who)s återställde förlängningsbeslutet som rättats i protokollet",
    "%(who)s reversed the cancellation corrected in the minutes":
        "%(who)s återställde avbrytandet som rättats i protokollet",
    "%(who)s withdrew the directive approval of a corrected decision":
        "%(who)s drog tillbaka fastställandet av direktivet vid ett rättat beslut",
    "%(who)s removed a budget line": "%(who)s tog bort en budgetrad",
    "%(who)s removed a requirement on the final report":
        "%(who)s tog bort ett krav på slutrapporten",
    # Model fields
    "voided": "makulerat",
    "voided by": "makulerat av",
    "carried out": "verkställt",
    "what the decision changed": "vad beslutet ändrade",
    "corrected": "rättat",
    # My work
    "Decisions waiting for your confirmation": "Beslut som väntar på din bekräftelse",
    "Minutes waiting to be adjusted": "Protokoll som väntar på justering",
}
