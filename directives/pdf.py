"""The one place HTML becomes PDF: pdfkit + wkhtmltopdf, hardened.

- pdfkit's ``<meta name="pdfkit-…">`` option parsing is switched off (CVE-2025-26240):
  user text in a page can never set wkhtmltopdf options;
- ``--disable-local-file-access``, ``--disable-javascript``;
- no network: every request goes to a black-hole proxy on 127.0.0.1 port 9 (discard), so
  nothing is fetched even if a URL slips into the HTML;
- CSS is inlined by the caller (templates/print/), so no stylesheet is fetched;
- ``QT_QPA_PLATFORM=offscreen`` (Debian's reduced build has no X server) and a timeout.
"""

import os
import shutil
import subprocess

import pdfkit

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
    return result.stdout
