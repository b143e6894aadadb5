"""Swedish for issue #13 points 3–6: the error summary, people pickers, the time form's
refusal, the audit trail in sentences and the version comparison."""

SV = {
    "Check what you entered": "Kontrollera det du fyllt i",
    "Row %(n)s": "Rad %(n)s",
    "Shares": "Fördelning",
    "project owner": "projektägare",
    "project manager": "projektledare",
    "steering group member": "styrgruppsledamot",
    "You may not record time in this committee.": "Du får inte registrera tid i den här nämnden.",
}
SV.update({
    "%(who)s opened the case": "%(who)s öppnade ärendet",
    "%(who)s changed the project": "%(who)s ändrade projektet",
    "%(who)s submitted the project to the committee": "%(who)s lämnade in projektet till nämnden",
    "%(who)s cancelled the project": "%(who)s avbröt projektet",
    "%(who)s set the project manager": "%(who)s utsåg projektledaren",
    "%(who)s set the steering group": "%(who)s satte samman styrgruppen",
    "%(who)s confirmed the steering group": "%(who)s fastställde styrgruppen",
    "The steering group must be confirmed again (changed by %(who)s)":
        "Styrgruppen behöver fastställas på nytt (ändrad av %(who)s)",
    "%(who)s extended the project": "%(who)s förlängde projektet",
    "%(who)s answered the checklist of %(gate)s": "%(who)s besvarade kontrollpunkterna för %(gate)s",
    "%(who)s drafted an extension request": "%(who)s skrev ett utkast till förlängningsansökan",
    "%(who)s submitted the extension request to the steering group":
        "%(who)s lämnade förlängningsansökan till styrgruppen",
    "%(who)s recommended the extension request to the committee":
        "%(who)s tillstyrkte förlängningsansökan till nämnden",
    "%(who)s recorded the extension as approved": "%(who)s registrerade att förlängningen beviljades",
    "%(who)s recorded the extension as rejected": "%(who)s registrerade att förlängningen avslogs",
    "%(who)s recorded the extension request as tabled":
        "%(who)s registrerade att förlängningsansökan bordlades",
    "%(who)s added a requirement on the final report": "%(who)s lade till ett krav på slutrapporten",
    "%(who)s answered a requirement on the final report": "%(who)s besvarade ett krav på slutrapporten",
    "%(who)s saved the budget": "%(who)s sparade budgeten",
    "%(who)s added a budget line": "%(who)s lade till en budgetrad",
    "%(who)s put the project on a meeting's agenda": "%(who)s förde upp projektet på ett mötes dagordning",
    "%(who)s recorded the committee's decision": "%(who)s registrerade nämndens beslut",
    "%(who)s recorded time": "%(who)s registrerade tid",
    "%(who)s saved a new version of the directive": "%(who)s sparade en ny version av direktivet",
    "%(who)s saved a new version of the final report": "%(who)s sparade en ny version av slutrapporten",
    "%(who)s approved the directive": "%(who)s fastställde direktivet",
    "The steering group decided %(gate)s: %(outcome)s": "Styrgruppen beslutade %(gate)s: %(outcome)s",
    "The committee decided %(gate)s: %(outcome)s": "Nämnden beslutade %(gate)s: %(outcome)s",
    "Budget total": "Budget totalt",
    "Steering group confirmed": "Styrgruppen fastställd",
    "Version": "Version",
    "Answer": "Svar",
    "Address": "Adress",
    "yes": "ja",
    "no": "nej",
    "The system": "Systemet",
    "Recorded by %(who)s; decided on %(date)s": "Registrerat av %(who)s; beslutat %(date)s",
    "%(who)s recorded a gate decision": "%(who)s registrerade ett beslut vid en beslutspunkt",
    "%(who)s: %(action)s": "%(who)s: %(action)s",
    "steering group chair": "styrgruppens ordförande",
    "What happened": "Vad som hände",
    "What changed": "Vad som ändrades",
    "Nothing recorded yet.": "Inget registrerat ännu.",
    "%(n)s event, newest first.": "%(n)s händelse, senaste först.",
    "%(n)s events, newest first.": "%(n)s händelser, senaste först.",
    "Pages of the audit trail": "Sidor i händelseloggen",
    "Newer": "Nyare",
    "Older": "Äldre",
    "Page %(n)s of %(total)s": "Sida %(n)s av %(total)s",
    "File": "Fil",
    "the end date is before the start date.": "slutdatum är före startdatum.",
})

PLURALS = {
    "%(n)s event, newest first.": ("%(n)s händelse, senaste först.",
                                   "%(n)s händelser, senaste först."),
}
SV.update({
    "Version %(a)s compared with %(b)s": "Version %(a)s jämförd med %(b)s",
    "Removed words are struck through in the older version, added words underlined in the "
    "newer one.": "Borttagna ord är överstrukna i den äldre versionen, tillagda ord "
                  "understrukna i den nyare.",
    "Unchanged sections": "Oförändrade avsnitt",
})
