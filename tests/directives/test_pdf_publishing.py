"""Issue #13 point 8: PDFs fit to publish — a Title, the case number on the first page, no
"Ej ifyllt." for optional sections, readable chart text; and point 9 for the PDFs: English
under /en/."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from directives import defaults, rendering
from directives import services as documents
from directives.pdf import page_title, render_pdf, with_title
from portfolio.lifecycle import State
from portfolio.models import AgendaItem, Committee, DecisionPoint, Meeting
from portfolio.reports import chart, exports, followup
from portfolio.reports.meeting_documents import agenda_html
from tests.conftest import REQUIRED


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader(pdf).pages)


@pytest.fixture
def demo(world):
    call_command("seed_demo", stdout=io.StringIO())
    return Committee.objects.get(code="GNS")


# --- Title -------------------------------------------------------------------------------------

def test_page_title_is_the_unescaped_text_of_the_title_element():
    html = "<html><head><title>\n  Slutrapport GNS/8/2018: Cosmic &amp; LINK2 </title></head></html>"
    assert page_title(html) == "Slutrapport GNS/8/2018: Cosmic & LINK2"
    assert page_title("<html><body>no title</body></html>") == ""


def test_directive_pdf_has_its_title_and_case_number_in_the_metadata(world):
    project = world.project(State.ESTABLISHMENT)
    pdf = reader(render_pdf(rendering.directive_html(project)))
    assert pdf.metadata.title == f"Projektdirektiv {project.case_number}: {project.name}"
    # Readers show the Title, not the file name, in their title bar.
    assert bool(pdf.viewer_preferences.display_doctitle)
    # The case number tops the first page (the renderer has no running headers).
    assert project.case_number in " ".join(pdf.pages[0].extract_text().split()[:8])


def test_every_kind_of_pdf_gets_a_title(world, demo):
    project = world.project(State.CLOSING)
    meeting = Meeting.objects.filter(committee=demo).order_by("date").first()
    report = followup.build(year=2019, period="T1", committee=demo)
    titles = {
        "final report": (rendering.final_report_html(project),
                         f"Slutrapport {project.case_number}: {project.name}"),
        "agenda": (agenda_html(meeting), f"Kallelse {demo.code} {meeting.date:%Y-%m-%d}"),
        "follow-up": (exports.html(report, demo.name),
                      f"Tertialrapport januari–april 2019 – {demo.name}"),
    }
    for kind, (html, title) in titles.items():
        assert reader(render_pdf(html)).metadata.title == title, kind


def test_a_pdf_without_a_title_is_left_as_it_was():
    pdf = render_pdf("<html><body><p>Utan titel</p></body></html>")
    assert not reader(pdf).metadata.title
    assert with_title(pdf, "") is pdf


# --- Optional sections ------------------------------------------------------------------------

def test_optional_empty_sections_are_left_out_required_ones_say_not_filled_in(world):
    project = world.project()
    optional = [s for s in defaults.DIRECTIVE_SECTIONS if not s["required"]]
    required = [s for s in defaults.DIRECTIVE_SECTIONS if s["required"]]
    text = text_of(render_pdf(rendering.directive_html(project)))
    for section in optional:
        assert section["title"] not in text, section["title"]
    for section in required:
        assert section["title"] in text, section["title"]
    assert text.count("Ej ifyllt.") == len(required)

    # Once written, an optional section is printed like any other.
    documents.save_document(project=project, by=world.owner, base_version=None,
                            sections={**REQUIRED, "requirements": "Kravet på e-legitimation."})
    text = text_of(render_pdf(rendering.directive_html(project)))
    assert "3 Krav" in text and "Kravet på e-legitimation." in text
    assert "Ej ifyllt." not in text


# --- Long tables ------------------------------------------------------------------------------

def test_long_table_rows_are_not_split_across_pages(world):
    project = world.project()
    rows = [{"activity": f"Aktivitet nummer {n}\nmed en andra rad", "total": "1000",
             "note": f"not {n}"} for n in range(1, 90)]
    documents.save_document(project=project, by=world.owner, base_version=None,
                            sections={**REQUIRED, "budget": rows})
    pages = [" ".join(p.extract_text().split()) for p in reader(
        render_pdf(rendering.directive_html(project))).pages]
    assert len(pages) >= 3
    for n in range(1, 90):
        holding = [i for i, page in enumerate(pages) if f"Aktivitet nummer {n} med" in page]
        # Both lines of a row on the same page: tr { page-break-inside: avoid }.
        assert len(holding) == 1 and f"not {n} " in pages[holding[0]] + " ", n


@pytest.mark.xfail(strict=True, reason="Debian's wkhtmltopdf runs on an unpatched Qt whose "
                   "QtWebKit does not repeat <thead> (display: table-header-group) after a "
                   "page break; strict, so that a renderer that does it is noticed")
def test_long_table_repeats_its_header_on_the_next_page(world):
    project = world.project()
    rows = [{"activity": f"Aktivitet nummer {n}", "total": "1000", "note": ""}
            for n in range(1, 120)]
    documents.save_document(project=project, by=world.owner, base_version=None,
                            sections={**REQUIRED, "budget": rows})
    pages = [" ".join(p.extract_text().split()) for p in reader(
        render_pdf(rendering.directive_html(project))).pages]
    second = next(i for i, page in enumerate(pages) if "Aktivitet nummer 119" in page)
    assert "Aktivitet Totalt kr Not" in pages[second]


# --- The follow-up chart ----------------------------------------------------------------------

def test_follow_up_chart_text_is_readable_when_printed(demo):
    report = followup.build(year=2019, period="T1", committee=demo)
    svg = chart.svg(report["chart"], "Titel")
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]
    # Printed at about 60 % of its 760 units, 15 units come out as large as the table text.
    assert sizes and min(sizes) >= 15
    assert 'role="img"' in svg and 'aria-label="Titel"' in svg
    text = text_of(render_pdf(exports.html(report, demo.name)))
    assert "Månadens avvikelse mot budget" in text
    # The numbers of the chart are printed as a table too.
    assert "Diagrammet som tabell (tkr)" in text
    months = chart.table_rows(report["chart"])
    assert [row["month"] for row in months][:4] == ["jan", "feb", "mar", "apr"]
    assert months[3]["accumulated"] == report["chart"]["accumulated_deviation_tkr"][3]
    assert months[11]["monthly"] is None  # T1 ends in April


# --- English ----------------------------------------------------------------------------------

SWEDISH_PRINT_WORDS = ["Projektdirektiv", "Diarienummer", "Checklista", "Kontrollpunkt",
                       "Beslut att", "Namnförtydligande", "Ej ifyllt", "Projektägare",
                       "Beställande", "Slutrapport", "Kallelse", "Tertialrapport",
                       "Ackumulerad", "Månad", "Krav på", "Summa", "Objekt", "Etableringsfasen",
                       "Aktivitet", "Konsekvens", "Åtgärd", "Ansvar"]


@override_settings(LANGUAGE_CODE="en")
def test_english_pdfs_have_no_swedish_headings(world, demo):
    project = world.project(State.CLOSING)
    meeting = Meeting.objects.filter(committee=demo).order_by("date").first()
    with translation.override("en"):
        report = followup.build(year=2019, period="T1", committee=demo)
        documents_ = {
            "directive": rendering.directive_html(project),
            "final report": rendering.final_report_html(project),
            "agenda": agenda_html(meeting),
            "follow-up": exports.html(report, demo.name),
        }
    texts = {kind: text_of(render_pdf(html)) for kind, html in documents_.items()}
    assert "Project directive:" in texts["directive"]
    assert "Checklist before the decision, BP1" in texts["directive"]
    assert "Decision to start the establishment phase, BP1" in texts["directive"]
    assert "Four-month report January–April 2019" in texts["follow-up"]
    assert "Notice/agenda" in texts["agenda"]
    for kind, text in texts.items():
        # Section titles come from the committee's Swedish template (data), names are names.
        for section in defaults.DIRECTIVE_SECTIONS + defaults.FINAL_REPORT_SECTIONS:
            text = text.replace(section["title"], "")
        for items in defaults.CHECKLISTS.values():  # the checklist questions are template data
            for _, item, _ in items:
                text = text.replace(item, "")
        # Names and data: the committee (printed in capitals too) and the template's name.
        for name in (demo.name, project.committee.name, str(project.template_version)):
            text = text.replace(name, "").replace(name.upper(), "")
        # Agenda items' headings, descriptions and proposals are what the committee wrote
        # (data); matched across the line breaks (and hyphenations) the PDF puts inside them.
        written = [p.text for p in DecisionPoint.objects.all()]
        for item in AgendaItem.objects.all():
            written += [t for t in (item.heading, item.description, item.proposed_decision) if t]
        for data in written:
            pattern = r"\s+".join(re.escape(w).replace("\\-", "-\\s*") for w in data.split())
            text = re.sub(pattern, "", text)
        for word in SWEDISH_PRINT_WORDS:
            # Whole words: the English "Summary" is not the Swedish "Summa".
            assert not re.search(rf"\b{re.escape(word)}\b", text), f"{kind}: {word!r} in {text}"
