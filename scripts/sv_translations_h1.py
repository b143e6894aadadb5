"""Swedish for the texts of the "one home for each rule" work (h1)."""

SV = {
    "No such requirement on this project.": "Kravet finns inte i det här projektet.",
    "Tabled": "Bordlagt",
    "Noted": "Antecknat",
    "Approved at %(gate)s on %(date)s": "Fastställd vid %(gate)s %(date)s",
    "Paragraph (§)": "Paragraf (§)",
    "Row %(n)s – %(error)s": "Rad %(n)s – %(error)s",
}
