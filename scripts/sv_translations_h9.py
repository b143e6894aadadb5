SV = {
    "Only administrators manage accounts.": "Endast administratörer hanterar konton.",
    "Only a superuser changes a superuser's account.":
        "Endast en superanvändare ändrar en superanvändares konto.",
    "Only a superuser grants or withdraws superuser status.":
        "Endast en superanvändare ger eller tar bort superanvändarstatus.",
    "This field cannot be changed here.": "Fältet kan inte ändras här.",
    "%(user)s already has an API token; revoke it first.":
        "%(user)s har redan en API-token; återkalla den först.",
}
