"""Swedish for the texts of the admin front door and optimistic locking (h4)."""

SV = {
    "Only administrators grant and revoke committee roles.":
        "Endast administratörer tilldelar och återkallar roller i nämnden.",
    "Unknown role.": "Okänd roll.",
    "%(user)s already holds this role.": "%(user)s har redan den här rollen.",
    "Cannot be before the date the party joined.": "Kan inte vara före datumet då parten gick med.",
    "A membership keeps its committee and party; add a new one instead.":
        "Ett medlemskap behåller sin nämnd och part; lägg till ett nytt i stället.",
    "The party already joined on this date.": "Parten gick redan med detta datum.",
    "Only the committee's chair and secretary set its price list.":
        "Endast nämndens ordförande och sekreterare fastställer prislistan.",
    "Must be more than zero.": "Måste vara större än noll.",
    "A rate stays with its committee.": "Ett pris hör till sin nämnd.",
    "%(resource)s already has a rate from %(date)s.":
        "%(resource)s har redan ett pris från %(date)s.",
    "Only administrators keep parties, population figures and committees.":
        "Endast administratörer hanterar parter, befolkningstal och nämnder.",
    "A population figure stays with its party.": "Ett befolkningstal hör till sin part.",
    "The code is in the case numbers of the committee's projects and cannot change.":
        "Koden ingår i diarienumren för nämndens projekt och kan inte ändras.",
    "Only administrators issue and revoke feed tokens.":
        "Endast administratörer utfärdar och återkallar flödesnycklar.",
    "Decisions have been taken at this meeting; its date is fixed.":
        "Beslut har fattats vid sammanträdet; datumet kan inte ändras.",
    "Revoke the selected tokens": "Återkalla de valda flödesnycklarna",
    "Revoked.": "Återkallad.",
    "The project was changed by someone else after you read it. Nothing has been saved; "
    "reload, check the changes and save again.":
        "Projektet har ändrats av någon annan sedan du läste det. Inget har sparats; "
        "läs in det på nytt, kontrollera ändringarna och spara igen.",
    "Someone else saved this project's budget after you opened the page. Your values below "
    "have not been saved; the totals above show the saved budget. Check them and save again "
    "to replace it.":
        "Någon annan sparade projektets budget efter att du öppnade sidan. Dina värden nedan "
        "har inte sparats; summorna ovan visar den sparade budgeten. Kontrollera dem och spara "
        "igen för att ersätta den.",
}
