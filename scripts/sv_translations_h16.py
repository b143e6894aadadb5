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
