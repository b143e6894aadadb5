"""Swedish for the platform texts (throttling, sign-in lockout)."""

SV = {
    "Too many PDFs in a short time. Try again in %(s)s seconds.":
        "För många PDF:er på kort tid. Försök igen om %(s)s sekunder.",
    "Sign-in locked": "Inloggningen är låst",
    "Try again in %(minutes)s minutes, or ask an administrator to unlock the account.":
        "Försök igen om %(minutes)s minuter, eller be en administratör att låsa upp kontot.",
}

PLURALS = {
    "Signing in failed %(limit)s time for this account from your computer.": (
        "Inloggningen misslyckades %(limit)s gång för det här kontot från din dator.",
        "Inloggningen misslyckades %(limit)s gånger för det här kontot från din dator.",
    ),
}
