"""Swedish for the platform texts (throttling, sign-in lockout)."""

SV = {
    "Too many PDFs in a short time. Try again in %(s)s seconds.":
        "För många PDF:er på kort tid. Försök igen om %(s)s sekunder.",
}
