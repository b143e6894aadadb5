"""Swedish for strings that came together when the #11, #12 and #13 branches met (print layouts
that gained new content and translation in parallel)."""

SV = {
    "directive\x04Approved": "Fastställd",
    "decided by\x04by": "av",
    "approved version": "godkänd version",
    "document date\x04dated": "daterad",
    "Accumulated outcome to %(month)s %(year)s: <strong>%(outcome)s tkr</strong> (accumulated "
    "budget %(budget)s tkr, deviation %(deviation)s tkr, accumulated outcome last year %(last)s "
    "tkr).": "Ackumulerat utfall per %(month)s %(year)s: <strong>%(outcome)s tkr</strong> "
    "(ackumulerad budget %(budget)s tkr, avvikelse %(deviation)s tkr, ackumulerat utfall "
    "föregående år %(last)s tkr).",
    "Base fee %(year)s: %(fee)s kr.": "Basarvode %(year)s: %(fee)s kr.",
    "Remaining funds carried over from %(year)s: %(amount)s tkr (%(reference)s).":
        "Kvarstående medel från %(year)s: %(amount)s tkr (%(reference)s).",
    "The minutes were approved on %(date)s.": "Protokollet justerat %(date)s.",
    "Committee case; project directive %(directive)s": "Tjänsteskrivelse; projektdirektiv %(directive)s",
}

# The committee's record in print (minutes and kallelse), translated when #11 met #13.
SV.update({
    "Minutes": "Protokoll",
    "draft, not approved": "utkast, ej justerat",
    "Meeting date": "Sammanträdesdatum",
    "Time": "Tid",
    "Place": "Plats",
    "Paragraphs": "Paragrafer",
    "Attendance": "Närvaro",
    "Party": "Part",
    "Name": "Namn",
    "Role": "Roll",
    "replacing": "ersätter",
    "Member": "Ledamot",
    "Substitute": "Ersättare",
    "Present": "Närvarande",
    "Absent": "Frånvarande",
    "Chair": "Ordförande",
    "Secretary": "Sekreterare",
    "Adjusters": "Justerare",
    "Adjustment date": "Justeringsdatum",
    "Case description": "Ärendebeskrivning",
    "Proposed decision": "Förslag till beslut",
    "Decision": "Beslut",
    "The information is noted.": "Informationen noteras.",
    "The case is sent on to %(body)s.": "Ärendet överlämnas till %(body)s.",
    "Decision documents": "Beslutsunderlag",
    "Signatures": "Underskrifter",
    "Notice of adjustment": "Anslag/bevis",
    "The minutes are approved. The approval has been announced on the notice board.":
        "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.",
    "Body": "Organ",
    "Date of adjustment": "Datum för justering",
    "minutes\x04Notice posted": "Anslaget sätts upp",
    "Last day for appeal": "Sista dag för överklagande",
    "Where the minutes are kept": "Förvaringsplats för protokollet",
    "Summoned": "Kallade",
    "Members": "Ledamöter",
    "Substitutes": "Ersättare",
    "A member who cannot attend tells the secretary, who summons a substitute.":
        "Ledamot som är förhindrad att delta meddelar sekreteraren, som kallar ersättare.",
})
