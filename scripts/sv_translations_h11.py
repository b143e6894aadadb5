"""Swedish for the texts of "Find" and the list pages at scale (h11)."""

SV = {
    "Search": "Sök",
    "Name, case number or directive text": "Namn, diarienummer eller text i direktivet",
    "Party": "Part",
    "My projects": "Mina projekt",
    "Case year": "Diarieår",
    "Sort by": "Sortera efter",
    "Page": "Sida",
    "Find projects": "Hitta projekt",
    "Export to Excel": "Exportera till Excel",
    "Pages": "Sidor",
    "Previous": "Föregående",
    "Next": "Nästa",
    "Page %(number)s of %(total)s": "Sida %(number)s av %(total)s",
    "Budget to date (kr)": "Budget hittills (kr)",
    "Outcome to date (kr)": "Utfall hittills (kr)",
    "Deviation (kr)": "Avvikelse (kr)",
    "Coming meetings": "Kommande sammanträden",
    "Past meetings": "Tidigare sammanträden",
    "No coming meetings.": "Inga kommande sammanträden.",
    "No past meetings.": "Inga tidigare sammanträden.",
    "Cost objects": "Kostnadsobjekt",
    "The first 50 are shown.": "De första 50 visas.",
}

PLURALS = {
    "%(counter)s project": ("%(counter)s projekt", "%(counter)s projekt"),
}
