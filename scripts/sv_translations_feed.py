"""Swedish for the feed tokens, the feed fields, the outcome import's file errors and the
new-case page."""

SV = {
    "system": "system",
    "Which intranet or system uses the token.": "Vilket intranät eller system som använder nyckeln.",
    "revoked": "återkallad",
    "last used": "senast använd",
    "feed token": "flödesnyckel",
    "feed tokens": "flödesnycklar",
    "fields kept out of the feed": "fält som hålls utanför flödet",
    "Feed fields not published for this project, e.g. budget.":
        "Flödesfält som inte publiceras för projektet, t.ex. budget.",
    "cancelled on": "avbrutet den",
    "The file is not a CSV or XLSX export (it holds binary data).":
        "Filen är inte en CSV- eller XLSX-export (den innehåller binärdata).",
    "The file is not a readable CSV file (%(error)s).":
        "Filen är inte en läsbar CSV-fil (%(error)s).",
    "Use only: %(f)s.": "Använd bara: %(f)s.",
}

SV["You may not open a case in any committee."] = "Du får inte öppna ärenden i någon nämnd."
