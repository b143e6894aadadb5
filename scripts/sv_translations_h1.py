"""Swedish for the texts of the "one home for each rule" work (h1)."""

SV = {
    "No such requirement on this project.": "Kravet finns inte i det här projektet.",
    "outcome": "beslut",
    "Tabled": "Bordlagt",
    "Approved": "Beviljad",
    "Rejected": "Avslagen",
    "Noted": "Antecknat",
    "Approved at %(gate)s on %(date)s": "Fastställd vid %(gate)s %(date)s",
    "Paragraph (§)": "Paragraf (§)",
    "Comment": "Kommentar",
    "Dated": "Daterad",
    "Note": "Anteckning",
    "Row %(n)s – %(error)s": "Rad %(n)s – %(error)s",
}
