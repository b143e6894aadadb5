"""Swedish for the integrator's own changes: the base fee page, version comparison."""

SV = {
    "Base fee (kr)": "Basarvode (kr)",
    "Amount (kr)": "Belopp (kr)",
    "e.g. GNS § 25/2018": "t.ex. GNS § 25/2018",
    "Set a year's base fee": "Ange ett års basarvode",
    "Save the base fee": "Spara basarvodet",
    "Record a carry-over": "Registrera överförda medel",
    "Record the carry-over": "Registrera de överförda medlen",
    "The base fee has been saved.": "Basarvodet har sparats.",
    "The carry-over has been recorded.": "De överförda medlen har registrerats.",
    "No year has a base fee of its own.": "Inget år har ett eget basarvode.",
    "No funds have been carried over.": "Inga medel har förts över.",
    "A year without a base fee of its own uses the committee's standing base fee, %(fee)s.":
        "Ett år utan eget basarvode använder nämndens stående basarvode, %(fee)s.",
    "Every year's base fee and carry-over, and changes to them":
        "Basarvode och överförda medel för alla år, och ändringar av dem",
    "Compare version": "Jämför version",
    "with version": "med version",
}
