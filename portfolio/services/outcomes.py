"""Importing the accounting system's monthly export (utfall): all or nothing.

A file is read completely and every row checked before anything is written; a file with any
bad row is refused with every bad row named by its line number. Importing a period again
replaces what was imported for that period before.
"""

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import CostObject, Outcome, OutcomeImport
from portfolio.services.audit import record_event

MAX_BYTES = 10 * 1024 * 1024   # a year of a committee's export is well under 1 MB
MAX_ERRORS = 1000              # every bad row is named, up to this many
COLUMNS = {"cost_object": ("cost_object", "objekt", "kostnadsställe"),
           "period": ("period",), "category": ("category", "kategori"),
           "amount": ("amount", "belopp")}
PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class ImportRefused(ValidationError):
    """The whole file is refused; ``rows`` lists every bad line."""

    def __init__(self, message: str, rows: list[dict] | None = None):
        super().__init__({"file": [message]})
        self.rows = rows or []


def _amount(text: str) -> Decimal:
    cleaned = (text or "").strip().replace("\u2212", "-").replace("\xa0", "").replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    number = Decimal(cleaned)
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise InvalidOperation
    return number.quantize(Decimal("0.01"))


def read_rows(filename: str, data: bytes) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every row, header first; CSV (, or ;) or XLSX."""
    if not data:
        raise ImportRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is %(mb).1f MB; at most %(max)s MB can be imported.")
                            % {"mb": len(data) / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024})
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportRefused(_("The file is not a CSV or XLSX export (it holds binary data)."))
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        return [(number, row) for number, row in enumerate(reader, 1)
                if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ImportRefused(_("The file is not a readable CSV file (%(error)s).")
                            % {"error": exc}) from exc


def _delimiter(text: str) -> str:
    """The header's separator (; , or tab). Not csv.Sniffer: it raises on a one-column file
    and on a comma file with CRLF lines and a quoted decimal comma ("-1 234,50")."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in ";,\t"}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _read_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportRefused(_("The file is not a readable XLSX workbook.")) from exc
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = ["" if v is None else (v.strftime("%Y-%m") if isinstance(v, datetime.date)
                                       else str(v)) for v in values]
        if any(c.strip() for c in cells):
            rows.append((number, cells))
    return rows


def parse(filename: str, data: bytes, committee=None):
    """Check every row; return (rows to store, periods) or raise ImportRefused naming them."""
    rows = read_rows(filename, data)
    if not rows:
        raise ImportRefused(_("The file has no rows."))
    header_line, header = rows[0]
    names = [cell.strip().lower() for cell in header]
    index = {}
    for column, aliases in COLUMNS.items():
        found = [i for i, name in enumerate(names) if name in aliases]
        if not found:
            message = (_("Line %(line)s: the header must have the columns cost_object, period, "
                         "category, amount (found: %(found)s).")
                       % {"line": header_line, "found": ", ".join(names) or "–"})
            raise ImportRefused(message, rows=[{"line": header_line, "errors": [message]}])
        index[column] = found[0]
    if len(rows) == 1:
        raise ImportRefused(_("The file has a header but no rows."))
    objects = CostObject.objects.all()
    if committee is not None:
        objects = objects.filter(committee=committee)
    known = {o.code: o for o in objects}
    bad, good, periods = [], [], set()
    for line, cells in rows[1:]:
        cells = cells + [""] * (len(names) - len(cells))
        value = {column: cells[i].strip() for column, i in index.items()}
        reasons = []
        match = PERIOD.match(value["period"])
        if not match or not 1 <= int(match.group(2)) <= 12:
            reasons.append(_("period %(p)r is not YYYY-MM") % {"p": value["period"]})
        if value["cost_object"] not in known:
            reasons.append(_("unknown cost object %(o)r") % {"o": value["cost_object"]})
        if not value["category"]:
            reasons.append(_("category is empty"))
        try:
            amount = _amount(value["amount"])
        except (InvalidOperation, ValueError):
            reasons.append(_("amount %(a)r is not a number") % {"a": value["amount"]})
        if reasons:
            if len(bad) < MAX_ERRORS:
                bad.append({"line": line, "errors": reasons})
            continue
        period = datetime.date(int(match.group(1)), int(match.group(2)), 1)
        periods.add(period)
        good.append((known[value["cost_object"]], period, value["category"][:100], amount))
    if bad:
        raise ImportRefused(
            _("%(n)s rows are wrong; nothing was imported.") % {"n": len(bad)}, rows=bad)
    return good, sorted(periods)


@transaction.atomic
def import_outcomes(*, filename: str, data: bytes, by, committee=None,
                    progress=None) -> OutcomeImport:
    """Import a file; the periods in it replace what was imported for them before."""
    refused = NotAllowed(_("Outcomes are imported by the committee's secretary or chair."))
    if committee is not None and not permissions.can_import_outcomes(by, committee):
        raise refused
    rows, periods = parse(filename, data, committee)
    objects = {obj.pk for obj, *_rest in rows}
    # No committee named (the command): every committee the file touches must allow it.
    if committee is None and not all(permissions.can_import_outcomes(by, obj.committee)
                                     for obj in {obj for obj, *_rest in rows}):
        raise refused
    replaced = Outcome.objects.filter(period__in=periods, cost_object__in=objects)
    replaced_count = replaced.count()
    replaced.delete()
    batch = OutcomeImport.objects.create(filename=filename[:300], imported_by=by, rows=len(rows),
                                         periods=[p.strftime("%Y-%m") for p in periods])
    chunk = 5000
    for start in range(0, len(rows), chunk):
        Outcome.objects.bulk_create(
            Outcome(cost_object=obj, period=period, category=category, amount=amount, source=batch)
            for obj, period, category, amount in rows[start:start + chunk])
        if progress:
            progress(min(start + chunk, len(rows)), len(rows))
    record_event(actor=by, action="outcomes.imported", obj=batch,
                 committee=committee or (rows[0][0].committee if rows else None),
                 changes={"rows": [replaced_count, len(rows)]},
                 summary=f"{filename}: {len(rows)} rows, {', '.join(batch.periods)}"[:500])
    return batch
