"""The one place HTML becomes PDF: pdfkit + wkhtmltopdf, hardened.

- pdfkit's ``<meta name="pdfkit-…">`` option parsing is switched off (CVE-2025-26240):
  user text in a page can never set wkhtmltopdf options;
- ``--disable-local-file-access``, ``--disable-javascript``;
- no network: every request goes to a black-hole proxy on 127.0.0.1 port 9 (discard), so
  nothing is fetched even if a URL slips into the HTML;
- CSS is inlined by the caller (templates/print/), so no stylesheet is fetched;
- ``QT_QPA_PLATFORM=offscreen`` (Debian's reduced build has no X server) and a timeout.

Debian's wkhtmltopdf runs on an unpatched Qt: it writes an empty Title whatever the page's
``<title>`` or ``--title`` say, has no page headers or footers (so no page numbers), and
QtWebKit does not repeat a table's ``<thead>`` after a page break. The Title is therefore set
afterwards from the page's ``<title>`` (a published PDF must have one, WCAG/PDF-UA), and the
print layouts put the case number at the top of the first page and in the Title.
"""

import html as html_lib
import io
import os
import re
import shutil
import subprocess

import pdfkit
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, NameObject

TIMEOUT_SECONDS = 60
OPTIONS = {
    "--encoding": "UTF-8",
    "--page-size": "A4",
    "--margin-top": "18mm",
    "--margin-bottom": "18mm",
    "--margin-left": "20mm",
    "--margin-right": "20mm",
    "--disable-local-file-access": None,
    "--disable-javascript": None,
    "--no-outline": None,
    "--proxy": "http://127.0.0.1:9",
    "--load-error-handling": "ignore",
    "--load-media-error-handling": "ignore",
    "--quiet": None,
}


class PdfEngineMissing(RuntimeError):
    pass


class PdfRenderError(RuntimeError):
    pass


class _NoMetaOptions(pdfkit.PDFKit):
    """pdfkit without its meta-tag option parsing (CVE-2025-26240)."""

    def _find_options_in_meta(self, content):
        return {}


def wkhtmltopdf_path() -> str:
    configured = os.environ.get("WKHTMLTOPDF")
    # shutil.which also checks that a configured path exists and is executable; otherwise
    # pdfkit would fail later with a bare OSError instead of PdfEngineMissing.
    path = shutil.which(configured or "wkhtmltopdf")
    if not path:
        where = f" (WKHTMLTOPDF={configured!r} is not an executable file)" if configured else ""
        raise PdfEngineMissing(
            f"wkhtmltopdf is not installed{where}: PDFs need the program 'wkhtmltopdf' "
            "(Debian: apt-get install wkhtmltopdf).")
    return path


def render_pdf(html: str, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    configuration = pdfkit.configuration(wkhtmltopdf=wkhtmltopdf_path())
    kit = _NoMetaOptions(html, "string", options=dict(OPTIONS), configuration=configuration)
    command = kit.command()
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "QT_QPA_PLATFORM": "offscreen",
                   "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    try:
        result = subprocess.run(command, input=html.encode("utf-8"), capture_output=True,
                                timeout=timeout, env=environment, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PdfRenderError(f"wkhtmltopdf did not finish within {timeout} s") from exc
    if not result.stdout.startswith(b"%PDF"):
        message = result.stderr.decode("utf-8", "replace").strip()[-500:]
        raise PdfRenderError(f"wkhtmltopdf failed (exit {result.returncode}): {message}")
    return with_title(result.stdout, page_title(html))


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def page_title(html: str) -> str:
    """The text of the page's ``<title>``, as a reader would see it in the tab."""
    found = _TITLE.search(html)
    return " ".join(html_lib.unescape(found.group(1)).split()) if found else ""


def with_title(pdf: bytes, title: str) -> bytes:
    """The PDF with ``title`` as its document Title, shown by readers instead of a file name."""
    if not title:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title})
    # Readers show the Title in their title bar only when asked to (PDF/UA-1, 7.1).
    preferences = writer.create_viewer_preferences()
    if preferences is not None:
        preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
