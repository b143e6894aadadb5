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
