"""Swedish for the integrator's own changes: the base fee page, version comparison."""

SV = {
    "Base fee (kr)": "Grundavgift (kr)",
    "Amount (kr)": "Belopp (kr)",
    "e.g. GNS § 25/2018": "t.ex. GNS § 25/2018",
    "Set a year's base fee": "Ange ett års grundavgift",
    "Save the base fee": "Spara grundavgiften",
    "Record a carry-over": "Registrera en överföring",
    "Record the carry-over": "Registrera överföringen",
    "The base fee has been saved.": "Grundavgiften har sparats.",
    "The carry-over has been recorded.": "Överföringen har registrerats.",
    "No year has a base fee of its own.": "Inget år har en egen grundavgift.",
    "No funds have been carried over.": "Inga medel har förts över.",
    "A year without a base fee of its own uses the committee's standing base fee, %(fee)s.":
        "Ett år utan egen grundavgift använder nämndens stående grundavgift, %(fee)s.",
    "Every year's base fee and carry-over, and changes to them":
        "Grundavgift och överföringar för alla år, och ändringar av dem",
    "Compare version": "Jämför version",
    "with version": "med version",
}
