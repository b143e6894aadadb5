"""Directive and final-report PDFs, and the hardened wkhtmltopdf renderer (directives.pdf)."""

import http.server
import io
import subprocess
import threading

import pdfkit
import pytest
from pypdf import PdfReader

from directives import defaults, rendering
from directives import services as documents
from directives.pdf import (
    PdfEngineMissing,
    PdfRenderError,
    _NoMetaOptions,
    render_pdf,
    wkhtmltopdf_path,
)
from portfolio.lifecycle import Gate, State
from portfolio.models import FinalReportRequirement
from tests.conftest import REQUIRED

IFRAME = '<iframe src="file:///etc/passwd"></iframe>'
META = '<meta name="pdfkit-enable-local-file-access" content="">'
SCRIPT = "<script>document.write('PWNED')</script>"
IMG = '<img src="http://127.0.0.1:1/x.png">'


def pdf_pages(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))


def squeezed(text: str) -> str:
    """Without whitespace: a long string may wrap anywhere in the PDF."""
    return "".join(text.split())


# --- Documents as PDF ----------------------------------------------------------------------

def test_directive_pdf_has_sections_bp1_checklist_and_decision(world):
    project = world.project(State.ESTABLISHMENT)
    pdf = render_pdf(rendering.directive_html(project))
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    text = " ".join(pages)
    assert f"Projektdirektiv: {project.name}" in text
    assert project.case_number in text
    # Required sections are printed; an optional one left empty is left out (issue #13).
    for section in defaults.DIRECTIVE_SECTIONS:
        assert (section["title"] in text) == (section["required"] or section["key"] in REQUIRED), \
            section["title"]
    assert "Checklista inför beslut, BP1" in text
    for _, item, _ in defaults.CHECKLISTS[Gate.BP1]:
        assert item in text, item
    assert "☒ Beslut att starta Etableringsfasen, BP1" in text
    assert "☐ Beslut att inte starta Etableringsfasen, BP1" in text
    assert "Beslutet fattades på direktivversion 0.1" in text
    # å, ä, ö survive, from the template and from the user's text.
    for word in ("Projektägare", "Åtgärd", "Återinskrivningar inom 30 dagar",
                 "Förseningar", "Region Jämtland Härjedalen, Åre kommun"):
        assert word in text, word
    assert REQUIRED["basic"] in text
    # The checklist starts on a page of its own.
    checklist_page = next(i for i, p in enumerate(pages) if "Checklista inför beslut, BP1" in p)
    assert checklist_page >= 1
    assert "1 Grundläggande information" not in pages[checklist_page]


def test_directive_pdf_of_a_draft_shows_open_checklist_and_empty_sections(world):
    project = world.project()
    text = pdf_text(render_pdf(rendering.directive_html(project)))
    required = [s for s in defaults.DIRECTIVE_SECTIONS if s["required"]]
    assert text.count("Ej ifyllt.") == len(required) < len(defaults.DIRECTIVE_SECTIONS)
    assert "☐ Beslut att starta Etableringsfasen, BP1" in text
    assert "☒" not in text


def test_final_report_pdf_holds_the_requirements_and_answers(world):
    project = world.project(State.CLOSING)
    answered = FinalReportRequirement.objects.create(
        project=project, text="Redovisa hur förlängningen påverkade kostnaderna",
        source="Förlängning GNS/12/2024",
        answer="Förlängningen kostade 40 000 kr i projektledning.")
    unanswered = FinalReportRequirement.objects.create(
        project=project, text="Beskriv överlämningen till förvaltningen")
    documents.save_document(project=project, by=world.manager, base_version=None,
                            kind="final_report",
                            sections={"goal_fulfilment": "Målet nåddes i allt väsentligt.",
                                      "schedule_outcome": {"start": "2024-01-01",
                                                           "end": "2025-02-28"}})
    text = pdf_text(render_pdf(rendering.final_report_html(project)))
    assert f"Slutrapport: {project.name}" in text
    assert "Krav på slutrapporten" in text
    assert answered.text in text and answered.source in text
    assert answered.answer in text
    assert unanswered.text in text and "Ej besvarat." in text
    assert "Målet nåddes i allt väsentligt." in text
    assert "2024-01-01 – 2025-02-28" in text
    for section in defaults.FINAL_REPORT_SECTIONS:
        assert (section["title"] in text) == section["required"] or \
            section["key"] in ("goal_fulfilment", "schedule_outcome"), section["title"]


def test_hostile_section_text_is_printed_as_text_never_run_or_fetched(world):
    project = world.project()
    documents.save_document(project=project, by=world.owner, base_version=None, sections={
        **REQUIRED,
        "basic": f"Bakgrund {IFRAME}",
        "requirements": META,
        "links": SCRIPT,
        "handover": IMG,
        "risks": [{"risk": IFRAME, "consequence": SCRIPT, "action": META}],
        "steering_group": [{"name": IMG, "responsibility": "Ordförande"}],
    })
    html = rendering.directive_html(project)
    assert "&lt;iframe" in html and "&lt;script&gt;" in html and "&lt;meta name=" in html
    for raw in ("<iframe", "<script", 'name="pdfkit-', "<img"):
        assert raw not in html, raw

    text = pdf_text(render_pdf(html))
    flat = squeezed(text)
    for literal in (IFRAME, META, SCRIPT, IMG):
        assert squeezed(literal) in flat, literal
    assert "<script>" in text
    assert "root:x:0:0" not in text
    # PWNED only inside the printed script text: the script did not run.
    assert text.count("PWNED") == flat.count(squeezed(SCRIPT)) >= 2


def test_directive_pdf_through_the_api(world, api):
    project = world.project(State.SUBMITTED)
    response = api(world.auditor).get(f"/api/v1/projects/{project.pk}/directive.pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'inline; filename="projektdirektiv-GNS-{project.case_seq}-{project.case_year}.pdf"')
    assert REQUIRED["basic"] in pdf_text(response.content)
    # A client that asks for a PDF gets one (this was 406 Not Acceptable).
    response = api(world.auditor).get(f"/api/v1/projects/{project.pk}/directive.pdf",
                                       HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    missing = api(world.outsider).get("/api/v1/projects/999999/directive.pdf",
                                      HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert api().get(f"/api/v1/projects/{project.pk}/directive.pdf").status_code in (401, 403)


def test_final_report_pdf_through_the_api(world, api):
    project = world.project(State.CLOSING)
    FinalReportRequirement.objects.create(project=project, text="Redovisa utfallet per part")
    response = api(world.auditor).get(f"/api/v1/projects/{project.pk}/final-report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "slutrapport-GNS-" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Redovisa utfallet per part" in text and "Ej besvarat." in text


# --- The renderer ----------------------------------------------------------------------------

def test_pdfkit_meta_tags_never_become_wkhtmltopdf_options():
    html = f"<html><head>{META}<meta name=\"pdfkit-javascript-delay\" content=\"9\"></head>" \
           "<body>x</body></html>"
    configuration = pdfkit.configuration(wkhtmltopdf=wkhtmltopdf_path())
    # Stock pdfkit reads options from the page (CVE-2025-26240) ...
    stock = pdfkit.PDFKit(html, "string", configuration=configuration).command()
    assert "--enable-local-file-access" in stock
    # ... the renderer's subclass does not.
    command = _NoMetaOptions(html, "string", configuration=configuration).command()
    assert "--enable-local-file-access" not in command
    assert "--javascript-delay" not in command


def test_render_pdf_runs_wkhtmltopdf_hardened(monkeypatch):
    seen = {}

    def fake_run(command, **kwargs):
        seen["command"], seen["env"] = list(command), kwargs["env"]
        return subprocess.CompletedProcess(command, 0, stdout=b"%PDF-1.4 fake", stderr=b"")

    monkeypatch.setattr("directives.pdf.subprocess.run", fake_run)
    assert render_pdf(f"<html><head>{META}</head><body>x</body></html>") == b"%PDF-1.4 fake"
    command = seen["command"]
    assert "--disable-local-file-access" in command and "--disable-javascript" in command
    assert "--enable-local-file-access" not in command
    assert command[command.index("--proxy") + 1] == "http://127.0.0.1:9"
    assert seen["env"]["QT_QPA_PLATFORM"] == "offscreen"
    assert set(seen["env"]) == {"PATH", "QT_QPA_PLATFORM", "HOME", "LANG"}


def test_raw_html_cannot_read_local_files_run_scripts_or_fetch_urls(tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><p>SECRET-MARKER-42</p></body></html>")
    hits = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    html = (f'<html><head><meta charset="utf-8">{META}'
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css"></head><body>'
            f"<p>Hej åäö</p><iframe src=\"file://{secret}\" width=600 height=300></iframe>"
            f"{SCRIPT}<img src=\"http://127.0.0.1:{port}/x.png\"></body></html>")
    try:
        text = pdf_text(render_pdf(html))
        assert "Hej åäö" in text
        assert "SECRET-MARKER-42" not in text
        assert "PWNED" not in text
        assert hits == []
        # Control: the same page through stock pdfkit reads the file and fetches the URLs,
        # so the assertions above are not vacuous.
        stock = pdfkit.PDFKit(html, "string", options={"--quiet": None, "--load-error-handling": "ignore",
                                                    "--load-media-error-handling": "ignore"},
                              configuration=pdfkit.configuration(wkhtmltopdf=wkhtmltopdf_path()))
        control = pdf_text(stock.to_pdf())
        assert "SECRET-MARKER-42" in control and "PWNED" in control
        assert hits
    finally:
        server.shutdown()
        server.server_close()


def test_missing_wkhtmltopdf_raises_pdf_engine_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("WKHTMLTOPDF", str(tmp_path / "no-such-wkhtmltopdf"))
    with pytest.raises(PdfEngineMissing) as error:
        render_pdf("<p>x</p>")
    assert "wkhtmltopdf" in str(error.value)
    assert "no-such-wkhtmltopdf" in str(error.value)

    not_executable = tmp_path / "wkhtmltopdf"
    not_executable.write_text("#!/bin/sh\n")
    monkeypatch.setenv("WKHTMLTOPDF", str(not_executable))
    with pytest.raises(PdfEngineMissing):
        render_pdf("<p>x</p>")

    monkeypatch.delenv("WKHTMLTOPDF")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfEngineMissing) as error:
        render_pdf("<p>x</p>")
    assert "wkhtmltopdf" in str(error.value)


def test_engine_missing_or_failing_through_the_api(world, api, monkeypatch, tmp_path):
    project = world.project()
    monkeypatch.setenv("WKHTMLTOPDF", str(tmp_path / "missing"))
    response = api(world.auditor).get(f"/api/v1/projects/{project.pk}/directive.pdf")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert "wkhtmltopdf" in response.content.decode()

    monkeypatch.setenv("WKHTMLTOPDF", "/bin/false")
    with pytest.raises(PdfRenderError):
        render_pdf("<p>x</p>")
    response = api(world.auditor).get(f"/api/v1/projects/{project.pk}/directive.pdf")
    assert response.status_code == 500
    assert "wkhtmltopdf failed" in response.content.decode()
