"""Swedish for notifications (h13): the list, the mails, reminders and the preference."""

SV = {
    "Notifications": "Notiser",
    "notification": "notis",
    "notifications": "notiser",
    "notification preference": "inställning för notiser",
    "notification preferences": "inställningar för notiser",
    "recipient": "mottagare",
    "kind": "typ",
    "parameters": "parametrar",
    "link": "länk",
    "key": "nyckel",
    "created": "skapad",
    "read": "läst",
    "mailed": "mejlad",
    "user": "användare",
    "e-mail": "e-post",
    "language of the e-mails": "språk i mejlen",
    "last digest": "senaste sammanfattning",
    "Gate decision waiting": "Beslutspunkt väntar",
    "Extension request to recommend": "Förlängning att tillstyrka",
    "Extension request to decide": "Förlängning att besluta",
    "Decision on your project": "Beslut om ditt projekt",
    "Agenda item": "Ärende på föredragningslistan",
    "Final-report requirement": "Krav på slutrapporten",
    "End date approaching": "Slutdatum närmar sig",
    "Final-report requirement overdue": "Krav på slutrapporten försenat",
    "Immediately, one mail each": "Direkt, ett mejl per notis",
    "A daily digest": "En sammanfattning per dag",
    "%(gate)s: %(outcome)s": "%(gate)s: %(outcome)s",
    "extension to %(date)s granted": "förlängning till %(date)s beviljad",
    "extension request rejected": "förlängningen avslagen",
    "extension request tabled": "förlängningen bordlagd",
    "the project is cancelled": "projektet är avbrutet",
    "%(project)s waits for your decision on %(gate)s.":
        "%(project)s väntar på ditt beslut om %(gate)s.",
    "An extension request for %(project)s (to %(date)s) waits for the steering group's "
    "recommendation.":
        "En begäran om förlängning av %(project)s (till %(date)s) väntar på styrgruppens "
        "tillstyrkan.",
    "An extension request for %(project)s (to %(date)s) is recommended and waits for the "
    "committee's decision.":
        "En begäran om förlängning av %(project)s (till %(date)s) är tillstyrkt och väntar på "
        "nämndens beslut.",
    "Decision on %(project)s: %(decision)s.": "Beslut om %(project)s: %(decision)s.",
    "New item on the agenda of %(meeting)s: %(heading)s.":
        "Nytt ärende på föredragningslistan till %(meeting)s: %(heading)s.",
    "The final report of %(project)s must answer: %(text)s":
        "Slutrapporten för %(project)s ska besvara: %(text)s",
    "%(project)s ends on %(date)s: finish the work, or request an extension in time.":
        "%(project)s slutar %(date)s: avsluta arbetet, eller begär förlängning i tid.",
    "Overdue: the final report of %(project)s (end date %(date)s) has not answered "
    "\"%(text)s\".":
        "Försenat: slutrapporten för %(project)s (slutdatum %(date)s) har inte besvarat "
        "\"%(text)s\".",
    "Portfolio: %(n)s new notifications": "Portföljen: %(n)s nya notiser",
    "Hello %(name)s,": "Hej %(name)s!",
    "Portfolio – Joint committees": "Portföljen – gemensamma nämnder",
    "Choose immediate mail or a daily digest on your notifications page.":
        "Välj direkta mejl eller en sammanfattning per dag på din sida med notiser.",
    "New in the portfolio up to %(day)s:": "Nytt i portföljen till och med %(day)s:",
    "E-mail": "E-post",
    "Language of the e-mails": "Språk i mejlen",
    "Marked read: %(n)s.": "Markerade som lästa: %(n)s.",
    "Your choice is saved.": "Ditt val är sparat.",
    "Mark all read": "Markera alla som lästa",
    "New": "Ny",
    "Open": "Öppna",
    "Mark read": "Markera som läst",
    "Pages": "Sidor",
    "Newer": "Nyare",
    "Older": "Äldre",
    "Page %(n)s of %(total)s": "Sida %(n)s av %(total)s",
    "You have no notifications.": "Du har inga notiser.",
    "Your account has no e-mail address, so you get no mails; ask an administrator to add one.":
        "Ditt konto saknar e-postadress, så du får inga mejl; be en administratör lägga till en.",
    "Save": "Spara",
    "The mails sent to you (demo: mails are written to files)":
        "Mejlen som skickats till dig (demo: mejlen skrivs till filer)",
    "Your mails": "Dina mejl",
    "This installation writes mails to files instead of sending them; these are the ones "
    "addressed to you, newest first.":
        "Den här installationen skriver mejlen till filer i stället för att skicka dem; här är "
        "de som är ställda till dig, nyaste först.",
    "Back to notifications": "Tillbaka till notiserna",
    "No mails yet.": "Inga mejl än.",
}
