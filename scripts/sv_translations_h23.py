"""Swedish for issue #13 point 3, the rest of the forms: every error beside its field, with
a linked summary (outcome file lines, minutes attendance rows)."""

SV = {
    "Line %(n)s": "Rad %(n)s",
    "Enter the name.": "Fyll i namnet.",
    "Choose one of the parties in the list.": "Välj en av parterna i listan.",
    "Choose member or substitute.": "Välj ledamot eller ersättare.",
    "The file was refused; nothing was imported.": "Filen nekades; inget importerades.",
}
