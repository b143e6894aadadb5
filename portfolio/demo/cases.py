"""The committee's record in the demo (issue #11 point 7): the 2019 cases the seeds show, their
documents, the 2018-10-26 § 25, the 2019-06-03 minutes with § 12–20 in the committee's words,
and the 2019-09-06 meeting where GNS/8/2019 is cancelled at its own §.

People appear as role titles only. Where the seeds are silent (the answer to the audit, the
adjustment dates, where the minutes are kept, the § numbers of 2019-09-06) the value is an
assumption and ASSUMPTIONS says so."""

import datetime
import io
import zipfile

from django.db import transaction

from portfolio.models import AgendaItem, Attendance, Case, Committee, Meeting, Project
from portfolio.services import cases, minutes

D = datetime.date

ASSUMPTIONS = [
    "The answer to the audit report REV 36/2018 is registered as GNS/12/2019, and the meeting "
    "dates of 2019 as GNS/10/2018; the seeds give neither number.",
    "The minutes of 2018-10-26 and 2019-06-03 are adjusted a week after the meeting and kept "
    "at the region's secretariat in Östersund.",
    "The items of 2019-09-06 are § 21–27 in agenda order (the seeds give § 20 as the last of "
    "2019-06-03); those minutes are left as a draft to be confirmed and adjusted.",
]

KEPT_AT = "Region Jämtland Härjedalen, nämndsekretariatet, Östersund"

# (seq, year, kind, title, external reference, documents: (kind, title, dated, format))
CASES = [
    (10, 2018, "other", "Sammanträdesdagar 2019", "", []),
    (2, 2019, "other", "Informationer 2019", "", []),
    (5, 2019, "audit_report",
     "Granskningsrapport avseende gemensam nämnd för samverkan inom drift och service, "
     "utveckling samt specialistfunktioner", "REV 36/2018",
     [("rapport", "Granskningsrapport avseende gemensam nämnd för samverkan inom drift och "
                  "service, utveckling samt specialistfunktioner", D(2019, 3, 14), "pdf")]),
    (6, 2019, "interim_report", "Tertialrapport per april 2019", "",
     [("tjansteskrivelse", "Tjänsteskrivelse Tertialrapport per april 2019 GNS",
       D(2019, 5, 24), "docx"),
      ("beslutsunderlag", "Tertialrapport per april 2019 GNS", D(2019, 5, 24), "pdf")]),
    (7, 2019, "price_list",
     "Oförutsedda kostnader för resurs kopplad till nämndens verksamhet", "",
     [("tjansteskrivelse", "Tjänsteskrivelse Hantering av oförutsedda kostnader för resurs "
                           "kopplad till nämndens verksamhet", D(2019, 5, 27), "docx")]),
    (9, 2019, "business_plan",
     "Verksamhetsplan 2020 för gemensam nämnd för samverkan inom drift och service, utveckling "
     "samt specialistfunktioner", "", []),
    (10, 2019, "interim_report", "Delårsrapport augusti 2019", "",
     [("tjansteskrivelse", "Tjänsteskrivelse Delårsrapport augusti 2019", D(2019, 9, 5), "docx"),
      ("beslutsunderlag", "Delårsrapport augusti 2019 (Gemensam nämnd för samverkan)",
       D(2019, 9, 5), "docx")]),
    (11, 2019, "merger_proposal", "Sammanslagning av gemensamma nämnder", "",
     [("beslutsunderlag", "PM Gemensam nämnd för upphandling", D(2019, 5, 20), "docx"),
      ("beslutsunderlag", "PM Sammanslagning av gemensamma nämnder", D(2019, 8, 30), "docx")]),
    (12, 2019, "audit_answer", "Svar på granskningsrapport REV 36/2018", "REV 36/2018", []),
]

# 2019-06-03, by agenda position: description, proposal, decision (the committee's words),
# information item, sent on to. § 19 and § 20 are the seeds'; the others follow agenda order.
JUNE = {
    1: ("", "", "Ordförande och justerare (S) utses att justera protokollet.", False, ""),
    2: ("", "", "Föredragningslistan fastställs.", False, ""),
    3: ("Information om kommande upphandling av drift.\nInformation om upphandling Jämtnät.",
        "", "Informationen noteras.", True, ""),
    4: ("Regionens revisorer granskar årligen i den omfattning som följer av god revisionssed "
        "all verksamhet som bedrivs inom styrelsen och nämndernas verksamhetsområden. Bland "
        "annat anför revisorerna att den interna kontrollen behöver utvecklas.",
        "", "Informationen noteras.", True, ""),
    6: ("Gemensamma nämnden för samverkan inom drift och service, utveckling samt "
        "specialistfunktioner har upprättat tertialrapport per april 2019. Utfall mot budget "
        "för tertial 1 2019 är -219 tkr.",
        "1. Tertialrapport per april 2019 för gemensam nämnd inom drift och service, utveckling "
        "samt specialistfunktioner godkänns.", None, False, ""),
    7: ("", None, None, False, ""),
    8: ("Utifrån detta har det kommit fram ett önskemål om att kunna debitera nämnden viss "
        "resurstid utifrån en gemensam prislista: Jurist 645 kr, Ekonomi/personalstöd 422 kr, "
        "Upphandlare 467 kr per timme.",
        "1. Gemensam prislista för debitering av oförutsedda kostnader för resurser kopplat "
        "till nämndens verksamhet införs.\n2. Oförutsedda kostnader under 2019 ryms inom "
        "befintlig budget.\n3. E-strateg får i uppdrag att ta fram en projekt-/ärendemall.",
        None, False, ""),
    9: ("Tillväxtverkets EU-program för Mellersta Norrland ska bidra till investeringar i "
        "regional tillväxt och sysselsättning i Mellersta Norrland. Utlysningen kommer att ske "
        "den 5 juni 2019.",
        "1. E-strategen får i uppdrag att skriva fram en projektansökan samt säkerställa "
        "medfinansiering från nämndens parter, till den 5 september 2019.\n2. Ordförande "
        "uppdras att på delegation från nämnden skriva under och skicka in ansökan om "
        "medfinansiering.", None, False, ""),
    10: ("På gemensamma nämnden för samverkans sammanträde den 5 april diskuterades möjligheten "
         "att slå samman de tre olika gemensamma nämnderna. Utifrån juridiken finns det inga "
         "hinder för att slå ihop de gemensamma nämnderna till en gemensam nämnd.",
         "1. Gemensamma nämnden för samverkan rekommenderar Regionens samverkansråd att hålla "
         "samman en utredning om sammanslagning och eventuellt tillsätta en arbetsgrupp för "
         "ändamålet.", None, False, "Regionens samverkansråd"),
}
JUNE_PARAGRAPHS = {1: 12, 2: 13, 3: 14, 4: 15, 6: 16, 7: 17, 8: 18, 9: 19, 10: 20}

# 2019-09-06 (the seeds' kallelse): position, heading, case (year, seq), kind, description,
# proposal, information item.
SEPTEMBER = [
    (1, "Val av justerare och tid för justering", None, "standing", "", "", False),
    (2, "Fastställande av föredragningslista", None, "standing", "", "", False),
    (3, "Gemensamt dataskyddsombud", (2018, 11), "other",
     "Nämnden beslutade den 5 april 2019 att anställa ett gemensamt dataskyddsombud. Region "
     "Jämtland Härjedalen blir arbetsgivare; nämnden informeras för att kunna hantera liknande "
     "situationer längre fram.", "", True),
    (4, "Projekt Digital transformation", (2019, 8), "cancellation",
     "Då ingen återkoppling skedde kunde inte ansökan färdigställas och den skickades således "
     "aldrig in. En ny utlysningsperiod öppnar i december, men då det inte finns någon "
     "verksamhetsförankring för projektet så är förslaget att ingen ny projektansökan skrivs "
     "fram.", "1. Ingen ny projektansökan skrivs fram och ärendet avslutas.", False),
    (5, "Delårsrapport augusti 2019", (2019, 10), "follow_up",
     "Ackumulerat utfall per september 2019 är -424 tkr.",
     "1. Delårsrapport per augusti 2019 för gemensam nämnd för samverkan inom drift och "
     "service, utveckling samt specialistfunktioner godkänns.", False),
    (6, "Verksamhetsplan 2020", (2019, 9), "other",
     "Diskussion kring nämndens verksamhetsplan 2020. Mål och aktiviteter? Digitaliseringsråd. "
     "Ärendehantering.", "", True),
    (7, "Sammanslagning av gemensamma nämnder", (2019, 11), "other",
     "Ett underlag har tagits fram och kommer att beredas på regionens samverkansråds "
     "sammanträde den 2 september för att sedan skickas ut till respektive nämnd samt till alla "
     "kommunstyrelser i länet.", "", True),
]
SEPTEMBER_FIRST_PARAGRAPH = 21


def _pdf(title: str) -> bytes:
    """A one-page PDF that says what the real document is (the demo holds no real files)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 50 780 Td ({text[:90]}) Tj ET".encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def _docx(title: str) -> bytes:
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'))
        archive.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f'{escaped}</w:t></w:r></w:p></w:body></w:document>'))
    return buffer.getvalue()


@transaction.atomic
def seed_record(*, committee: Committee, users: dict, meetings: dict, replay: bool) -> None:
    secretary = users["demo-secretary"]
    registered = _register(committee, secretary)
    _october_2018(committee, meetings[D(2018, 10, 26)], registered, secretary)
    if replay:
        return  # the 2019-06-03 agenda is built and decided in the browser
    _june_2019(committee, meetings[D(2019, 6, 3)], registered, secretary)
    _september_2019(committee, meetings[D(2019, 9, 6)], registered, secretary)


def _register(committee, secretary) -> dict:
    registered = {}
    for seq, year, kind, title, reference, documents in CASES:
        case = Case.objects.filter(committee=committee, year=year, seq=seq).first()
        if case is None:
            case = cases.open_case(committee=committee, kind=kind, title=title, by=secretary,
                                   year=year, number=seq, external_reference=reference)
            for doc_kind, doc_title, dated, fmt in documents:
                content = _pdf(doc_title) if fmt == "pdf" else _docx(doc_title)
                cases.add_document(case=case, kind=doc_kind, title=doc_title, dated=dated,
                                   content=content, by=secretary)
        registered[(year, seq)] = case
    for project in Project.objects.filter(committee=committee):
        registered[(project.case_year, project.case_seq)] = cases.case_for_project(project)
    return registered


def _summoned(meeting, secretary, *, absent: str = "") -> None:
    """One member (ledamot) and one substitute (ersättare) per member party, by role title."""
    party_list = [m.party for m in meeting.committee.memberships.select_related("party")
                  .order_by("party__name")]
    rows: list[minutes.AttendanceRow] = []
    for party in party_list:
        member = f"Ledamot, {party.name}"
        away = party.code == absent
        rows.append({"party": party, "name": member, "role": Attendance.Role.MEMBER,
                     "present": not away})
        rows.append({"party": party, "name": f"Ersättare, {party.name}",
                     "role": Attendance.Role.SUBSTITUTE, "present": away,
                     "replaces": member if away else ""})
    minutes.set_attendance(meeting=meeting, by=secretary, rows=rows)


def _head(meeting, secretary, adjusted_on) -> None:
    minutes.update_minutes(meeting=meeting, by=secretary, chair="Ordförande (M)",
                           secretary="Nämndsekreterare", adjusters="Justerare (S)",
                           adjusted_on=adjusted_on, kept_at=KEPT_AT)


# A historical decision on these kinds is already in the project's register (load.py writes
# the gate decisions, extensions and cancellations with the seeds' §), so confirming it in the
# minutes must not carry it out a second time.
_IN_THE_REGISTER = (AgendaItem.Kind.GATE, AgendaItem.Kind.FINAL_REPORT, AgendaItem.Kind.EXTENSION,
                    AgendaItem.Kind.CANCELLATION)


def _decide(item: AgendaItem, outcome: str, paragraph: int, points: list[str], secretary) -> None:
    """A historical decision: its § is the seeds', so it is written as the minutes have it,
    then worded and confirmed through the services like any other."""
    if not item.decided_paragraph:
        item.decided_paragraph, item.outcome = paragraph, outcome
        item.carried_out = item.kind in _IN_THE_REGISTER
        item.save(update_fields=["decided_paragraph", "outcome", "carried_out"])
    if points:
        minutes.set_decision(item=item, points=points, by=secretary)
    item.refresh_from_db()
    if item.confirmed_at is None:
        minutes.confirm_decision(item=item, by=secretary)


def _october_2018(committee, meeting: Meeting, registered, secretary) -> None:
    if meeting.items.exists():
        return
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, kind=AgendaItem.Kind.OTHER,
        heading="Sammanträdesdagar 2019", case=registered[(2018, 10)], case_number="GNS/10/2018",
        description="Enligt § 7 i gemensamma nämndens reglemente ska nämnden för varje "
                    "kalenderår upprätta en plan över sina sammanträden. Ett förslag på "
                    "sammanträdesdagar för 2019 har upprättats av sekretariatet.",
        proposed_decision="1. Sammanträdesdagar för 2019 fastställs enligt sekretariatets "
                          "förslag.")
    minutes.seed_proposal(item)
    _decide(item, AgendaItem.Outcome.APPROVE, 25, [], secretary)
    _head(meeting, secretary, D(2018, 11, 2))
    _summoned(meeting, secretary)
    minutes.approve_minutes(meeting=meeting, by=secretary)


def _june_2019(committee, meeting: Meeting, registered, secretary) -> None:
    if minutes.is_locked(meeting) or not meeting.items.exists():
        return
    for item in meeting.items.order_by("position"):
        description, proposal, decision, information, sent_to = JUNE[item.position]
        number = item.case_number.split("/")
        if len(number) == 3:
            item.case = registered.get((int(number[2]), int(number[1])))
        if description:
            item.description = description
        if proposal:
            item.proposed_decision = proposal
        item.is_information, item.referred_to = information, sent_to
        item.save()
        if not item.points.filter(stage="proposal").exists():
            minutes.seed_proposal(item)
        outcome = item.outcome or (AgendaItem.Outcome.NOTED if information
                                   else AgendaItem.Outcome.APPROVE)
        points = [decision] if decision else []
        if item.kind == AgendaItem.Kind.GATE:  # the minutes say what was decided, not "BP0"
            points = minutes.split_points(JUNE[9][1] or "")
        _decide(item, outcome, JUNE_PARAGRAPHS[item.position], points, secretary)
    _head(meeting, secretary, D(2019, 6, 10))
    _summoned(meeting, secretary, absent="stromsund")
    minutes.approve_minutes(meeting=meeting, by=secretary)


def _september_2019(committee, meeting: Meeting, registered, secretary) -> None:
    if meeting.items.exists():
        return
    for position, heading, case_key, kind, description, proposal, information in SEPTEMBER:
        case = registered.get(case_key) if case_key else None
        item = AgendaItem.objects.create(
            meeting=meeting, position=position, kind=kind, heading=heading, case=case,
            case_number=case.number if case else "", project=case.project if case else None,
            description=description, proposed_decision=proposal, is_information=information)
        minutes.seed_proposal(item)
        paragraph = SEPTEMBER_FIRST_PARAGRAPH + position - 1
        item.decided_paragraph = paragraph
        item.outcome = (AgendaItem.Outcome.NOTED if information or kind == "standing"
                        else AgendaItem.Outcome.APPROVE)
        item.decision_text = ("Informationen noteras." if information
                              else minutes.outcome_text(item, item.outcome))
        item.carried_out = kind in _IN_THE_REGISTER
        item.save(update_fields=["decided_paragraph", "outcome", "decision_text", "carried_out"])
        if kind == "cancellation":  # the project was cancelled at this meeting (load.py)
            minutes.confirm_decision(item=item, by=secretary)
    _head(meeting, secretary, D(2019, 9, 13))
    _summoned(meeting, secretary)
