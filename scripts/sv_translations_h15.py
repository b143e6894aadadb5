"""Swedish for issue #13 (accessibility, layout, PDFs, English): skip link, language button,
labels of form cells, the chart's table alternative, print headings."""

SV = {
    "Skip to content": "Hoppa till innehållet",
    "Change language": "Byt språk",
    "line": "rad",
    "Outcome file (CSV or XLSX)": "Fil med utfall (CSV eller XLSX)",
    "directive column\x04Name/role": "Namn/roll",
    "directive column\x04Responsibility": "Ansvar",
    "directive column\x04Activity": "Aktivitet",
    "directive column\x04Total kr": "Totalt kr",
    "directive column\x04Note": "Not",
    "directive column\x04Resource (price list)": "Resurs (prislista)",
    "directive column\x04Hours": "Timmar",
    "directive column\x04Risk": "Risk",
    "directive column\x04Consequence": "Konsekvens",
    "directive column\x04Action": "Åtgärd",
    "directive column\x04Goal": "Mål",
    "directive column\x04Measures": "Mått",
}
