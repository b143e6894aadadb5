"""Swedish for the texts of the committee isolation and separation of duties work (h8)."""

SV = {
    "cancel it": "avbryta det",
    "decide its extension request": "besluta om dess begäran om förlängning",
    "Extension requests are decided, and tabled, by the committee's chair or secretary.":
        "Begäran om förlängning beslutas, och bordläggs, av nämndens ordförande eller sekreterare.",
    "Cancelling a project is a committee decision.": "Att avbryta ett projekt är ett nämndbeslut.",
}
