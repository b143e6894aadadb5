"""Swedish texts for hostile input, the feeds, imports and document caps (issue #10)."""

SV = {
    # portfolio/validators.py
    "Enter a date between %(min)s and %(max)s.": "Ange ett datum mellan %(min)s och %(max)s.",
    "Enter a date as YYYY-MM-DD.": "Ange datum som ÅÅÅÅ-MM-DD.",
    "Enter a whole number (digits 0–9).": "Ange ett heltal (siffrorna 0–9).",
    "Enter a whole number from %(min)s.": "Ange ett heltal från %(min)s.",
    "Enter a whole number from %(min)s to %(max)s.": "Ange ett heltal från %(min)s till %(max)s.",
    "Enter a number.": "Ange ett tal.",
    "Enter a finite number (not NaN or Infinity).": "Ange ett ändligt tal (inte NaN eller Infinity).",
    "Enter a number smaller than %(max)s.": "Ange ett tal mindre än %(max)s.",
    "The text holds a control character (U+%(code)04X) that cannot be stored; remove it.":
        "Texten innehåller ett styrtecken (U+%(code)04X) som inte kan sparas; ta bort det.",
    # api/filters.py
    "Enter a time between %(min)s and %(max)s.": "Ange en tidpunkt mellan %(min)s och %(max)s.",
    # portfolio/services/meetings.py
    "Enter the meeting's date (YYYY-MM-DD).": "Ange sammanträdets datum (ÅÅÅÅ-MM-DD).",
    # portfolio/services/outcomes.py
    "The file has %(n)s rows; at most %(max)s rows can be imported (OUTCOME_IMPORT_MAX_ROWS).":
        "Filen har %(n)s rader; högst %(max)s rader kan importeras (OUTCOME_IMPORT_MAX_ROWS).",
    "The workbook unpacks to %(mb).0f MB; at most %(max)s MB can be imported "
    "(OUTCOME_IMPORT_MAX_UNCOMPRESSED_BYTES).":
        "Arbetsboken packas upp till %(mb).0f MB; högst %(max)s MB kan importeras "
        "(OUTCOME_IMPORT_MAX_UNCOMPRESSED_BYTES).",
    "category holds a control character": "kategorin innehåller ett styrtecken",
    "The same file was already imported (import %(id)s); nothing changed.":
        "Samma fil är redan importerad (import %(id)s); inget ändrades.",
    "The import failed; nothing was stored.": "Importen misslyckades; inget sparades.",
    # portfolio/models/outcomes.py
    "queued": "i kö", "running": "pågår", "done": "klar", "failed": "misslyckad",
    "SHA-256 of the file": "filens SHA-256", "rows replaced": "ersatta rader",
    "message": "meddelande", "bad rows": "felaktiga rader",
    # templates/portfolio/economy.html
    "Importing %(name)s in the background; this page refreshes until it is done.":
        "%(name)s importeras i bakgrunden; sidan uppdateras tills importen är klar.",
    "%(done)s of %(total)s rows checked": "%(done)s av %(total)s rader kontrollerade",
    "%(name)s: imported %(n)s rows for %(periods)s.":
        "%(name)s: %(n)s rader importerade för %(periods)s.",
    # directives/models.py
    "The section %(title)s is %(size)s kB; a section holds at most %(max)s kB "
    "(DOCUMENT_SECTION_MAX_BYTES). Shorten it or attach the material elsewhere.":
        "Avsnittet %(title)s är %(size)s kB; ett avsnitt rymmer högst %(max)s kB "
        "(DOCUMENT_SECTION_MAX_BYTES). Korta det eller lägg materialet i en bilaga.",
    "The document is %(size)s kB; a document holds at most %(max)s kB (DOCUMENT_MAX_BYTES). "
    "The largest section is %(title)s.":
        "Dokumentet är %(size)s kB; ett dokument rymmer högst %(max)s kB (DOCUMENT_MAX_BYTES). "
        "Största avsnittet är %(title)s.",
}
