"""Importing the accounting system's monthly export (utfall): all or nothing.

A file is read completely and every row checked before anything is written; a file with any
bad row is refused with every bad row named by its line number. Importing a period again
replaces what was imported for that period before.

Concurrent imports of the same committee and period run one after the other (a locked row
per committee and period, ``OutcomeImportLock``), so a re-import replaces and never adds; the
same file imported again while its rows are still the current ones returns the earlier
import (a client's retry does not duplicate). The file's size, its rows and, for XLSX, the
declared uncompressed size of the workbook are checked against the ``OUTCOME_IMPORT_*``
settings before anything parses it. Files with more rows than
``OUTCOME_IMPORT_BACKGROUND_ROWS`` are imported by a background task (``portfolio.tasks``).
"""

import csv
import datetime
import hashlib
import io
import random
import re
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import (
    Committee,
    CommitteeMonth,
    CostObject,
    CostObjectCosts,
    MonthlyBudget,
    Outcome,
    OutcomeImport,
    OutcomeImportLock,
)
from portfolio.services.audit import record_event
from portfolio.validators import XML_INVALID, YEAR_MAX, YEAR_MIN, xml_safe

# A checked row: cost object, period (first of the month), category, amount.
Row = tuple[CostObject, datetime.date, str, Decimal]
# Called with (rows done, rows in all) while a large file is checked and stored.
Progress = Callable[[int, int], object]

MAX_BYTES = settings.OUTCOME_IMPORT_MAX_BYTES  # a year of a committee's export is under 1 MB
MAX_ERRORS = 1000              # every bad row is named, up to this many
MAX_COLUMNS = 100              # the export has four; a sheet claiming 16 384 is not an export
COLUMNS = {"cost_object": ("cost_object", "objekt", "kostnadsställe"),
           "period": ("period",), "category": ("category", "kategori"),
           "amount": ("amount", "belopp")}
PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class ImportRefused(ValidationError):
    """The whole file is refused; ``rows`` lists every bad line."""

    def __init__(self, message: str, rows: list[dict[str, Any]] | None = None) -> None:
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


def max_rows() -> int:
    return settings.OUTCOME_IMPORT_MAX_ROWS


def _too_many_rows(found: int | str) -> ImportRefused:
    return ImportRefused(_("The file has %(n)s rows; at most %(max)s rows can be imported "
                           "(OUTCOME_IMPORT_MAX_ROWS).") % {"n": found, "max": max_rows()})


def is_xlsx(filename: str, data: bytes) -> bool:
    return filename.lower().endswith(".xlsx") or data[:2] == b"PK"


def check_size(filename: str, data: bytes) -> int:
    """Refuse, before any parsing, what is too big to import; return the number of rows the
    file claims (lines of a CSV, the sheet's dimension of an XLSX; header included)."""
    if not data:
        raise ImportRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is %(mb).1f MB; at most %(max)s MB can be imported.")
                            % {"mb": len(data) / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024})
    if is_xlsx(filename, data):
        rows = _check_xlsx_container(data)
    else:
        rows = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if rows > max_rows() + 1:
        raise _too_many_rows(rows - 1)
    return rows


def _check_xlsx_container(data: bytes) -> int:
    """The zip's declared uncompressed sizes and the first sheet's dimension, read without
    inflating the workbook: a 0.6 MB zip bomb held a worker for two minutes in openpyxl."""
    limit = settings.OUTCOME_IMPORT_MAX_UNCOMPRESSED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportRefused(_("The file is not a readable XLSX workbook.")) from exc
    declared = sum(member.file_size for member in members)
    if declared > limit or len(members) > 10_000:
        raise ImportRefused(_("The workbook unpacks to %(mb).0f MB; at most %(max)s MB can be "
                              "imported (OUTCOME_IMPORT_MAX_UNCOMPRESSED_BYTES).")
                            % {"mb": declared / 1024 / 1024, "max": limit // 1024 // 1024})
    sheets = sorted((m for m in members if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", m.filename)),
                    key=lambda m: int(re.sub(r"\D", "", m.filename.rsplit("/", 1)[1]) or 0))
    if not sheets:
        raise ImportRefused(_("The file is not a readable XLSX workbook."))
    try:
        with archive.open(sheets[0]) as stream:
            head = stream.read(4096).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as exc:
        raise ImportRefused(_("The file is not a readable XLSX workbook.")) from exc
    dimension = re.search(r'<(?:\w+:)?dimension[^>]*\bref="[A-Z]+\d+(?::[A-Z]+(\d+))?"', head)
    return int(dimension.group(1)) if dimension and dimension.group(1) else 1


def read_rows(filename: str, data: bytes) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every row, header first; CSV (, or ;) or XLSX."""
    check_size(filename, data)
    if is_xlsx(filename, data):
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportRefused(_("The file is not a CSV or XLSX export (it holds binary data)."))
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        rows = []
        for number, row in enumerate(reader, 1):
            if any(cell.strip() for cell in row):
                rows.append((number, row[:MAX_COLUMNS]))
                if len(rows) > max_rows() + 1:
                    raise _too_many_rows(f"{max_rows()}+")
        return rows
    except csv.Error as exc:
        raise ImportRefused(_("The file is not a readable CSV file (%(error)s).")
                            % {"error": exc}) from exc


def _delimiter(text: str) -> str:
    """The header's separator (; , or tab). Not csv.Sniffer: it raises on a one-column file
    and on a comma file with CRLF lines and a quoted decimal comma ("-1 234,50")."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in ";,\t"}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportRefused(_("The file is not a readable XLSX workbook.")) from exc
    rows = []
    try:
        # The dimension was checked, but a sheet may lie about it: count while reading.
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS),
                                        1):
            cells = ["" if v is None else (v.strftime("%Y-%m") if isinstance(v, datetime.date)
                                           else str(v)) for v in values]
            if any(c.strip() for c in cells):
                rows.append((number, cells))
                if len(rows) > max_rows() + 1:
                    raise _too_many_rows(f"{max_rows()}+")
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken sheet
        raise ImportRefused(_("The file is not a readable XLSX workbook.")) from exc
    return rows


def parse(filename: str, data: bytes, committee: Committee | None = None,
          progress: Progress | None = None) -> tuple[list[Row], list[datetime.date]]:
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
    bad: list[dict[str, Any]] = []
    good: list[Row] = []
    periods: set[datetime.date] = set()
    for checked, (line, cells) in enumerate(rows[1:], 1):
        if progress and checked % 5000 == 0:
            progress(checked, len(rows) - 1)
        cells = cells + [""] * (len(names) - len(cells))
        value = {column: cells[i].strip() for column, i in index.items()}
        reasons = []
        match = PERIOD.match(value["period"])
        if not match or not 1 <= int(match.group(2)) <= 12 \
                or not YEAR_MIN <= int(match.group(1)) <= YEAR_MAX:
            reasons.append(_("period %(p)r is not YYYY-MM") % {"p": value["period"]})
        if value["cost_object"] not in known:
            reasons.append(_("unknown cost object %(o)r") % {"o": value["cost_object"]})
        if not value["category"]:
            reasons.append(_("category is empty"))
        elif XML_INVALID.search(value["category"]):
            reasons.append(_("category holds a control character"))
        try:
            amount = _amount(value["amount"])
        except (InvalidOperation, ValueError):
            reasons.append(_("amount %(a)r is not a number") % {"a": value["amount"]})
        if reasons or match is None:  # a period that does not match has its reason
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


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def wants_background(filename: str, data: bytes) -> bool:
    """More rows than a request should write (checked from the file's claimed size only)."""
    return check_size(filename, data) - 1 > settings.OUTCOME_IMPORT_BACKGROUND_ROWS


def _lock(committee_ids: list[int], periods: list[datetime.date]) -> None:
    """Serialise imports per committee and period. The insert is the transaction's first
    statement: on SQLite it takes the write lock at once (a later upgrade from a read could
    fail with "database is locked"); on PostgreSQL the rows are then locked in a fixed order."""
    keys = sorted({(c, p) for c in committee_ids for p in periods})
    OutcomeImportLock.objects.bulk_create(
        [OutcomeImportLock(committee_id=c, period=p) for c, p in keys], ignore_conflicts=True)
    list(OutcomeImportLock.objects.select_for_update()
         .filter(committee_id__in=committee_ids, period__in=periods)
         .order_by("committee_id", "period").values_list("id", flat=True))


SUM_CHUNK = 2000  # ids per IN list: below SQLite's bound on parameters


def refresh_sums(*, committee_ids: list[int], periods: list[datetime.date],
                 cost_object_ids: list[int]) -> None:
    """Recompute the summary rows (CommitteeMonth, CostObjectCosts) that the writes to these
    committees' periods and these cost objects' outcomes touched, from the raw rows.

    Called inside the writer's transaction, after its writes. Recomputing (not adding the
    change) keeps a summary equal to its rows whatever the writer did. The rows are locked
    first, in one order (committee-months, then objects by id), and the sums read after: on
    PostgreSQL a concurrent writer of the same rows waits, and its sums, read by a later
    statement, include the first writer's committed rows."""
    with transaction.atomic():
        keys = sorted({(c, p) for c in committee_ids for p in periods})
        CommitteeMonth.objects.bulk_create(
            [CommitteeMonth(committee_id=c, period=p) for c, p in keys], ignore_conflicts=True)
        months = list(CommitteeMonth.objects.select_for_update()
                      .filter(committee_id__in=committee_ids, period__in=periods)
                      .order_by("committee_id", "period"))
        object_ids = sorted(set(cost_object_ids))
        for start in range(0, len(object_ids), SUM_CHUNK):
            chunk = object_ids[start:start + SUM_CHUNK]
            CostObjectCosts.objects.bulk_create(
                [CostObjectCosts(cost_object_id=i) for i in chunk], ignore_conflicts=True)
            list(CostObjectCosts.objects.select_for_update().filter(cost_object_id__in=chunk)
                 .order_by("cost_object_id").values_list("pk", flat=True))
        if months:
            where = Q(cost_object__committee_id__in=committee_ids, period__in=periods)
            outcome = _sums_by_month(Outcome, where)
            budget = _sums_by_month(MonthlyBudget, where)
            for month in months:
                key = (month.committee_id, month.period)
                month.outcome = outcome.get(key, Decimal(0))
                month.budget = budget.get(key, Decimal(0))
            CommitteeMonth.objects.bulk_update(months, ["outcome", "budget"])
        for start in range(0, len(object_ids), SUM_CHUNK):
            chunk = object_ids[start:start + SUM_CHUNK]
            costs = dict(Outcome.objects.filter(cost_object_id__in=chunk, amount__lt=0)
                         .values("cost_object_id").annotate(total=Sum("amount")).order_by()
                         .values_list("cost_object_id", "total"))
            # An upsert of rows already locked above: bulk_update's CASE per row took
            # seconds for the 10 000 objects of a whole-committee import.
            CostObjectCosts.objects.bulk_create(
                [CostObjectCosts(cost_object_id=i, costs=costs.get(i) or Decimal(0))
                 for i in chunk], update_conflicts=True, unique_fields=["cost_object"],
                update_fields=["costs"], batch_size=500)


def _sums_by_month(model: type[Outcome] | type[MonthlyBudget],
                   where: Q) -> dict[tuple[int, datetime.date], Decimal]:
    return {(row["cost_object__committee_id"], row["period"]): row["total"]
            for row in model.objects.filter(where)
            .values("cost_object__committee_id", "period").annotate(total=Sum("amount"))
            .order_by()}


def refresh_all_sums(*, committee_ids: list[int]) -> None:
    """Every summary row of these committees, e.g. after a bulk load of generated data."""
    periods: set[datetime.date] = set()
    for model in (Outcome, MonthlyBudget):
        periods.update(model.objects.filter(cost_object__committee_id__in=committee_ids)
                       .values_list("period", flat=True).distinct())
    refresh_sums(committee_ids=committee_ids, periods=sorted(periods),
                 cost_object_ids=list(CostObject.objects.filter(committee_id__in=committee_ids)
                                      .values_list("pk", flat=True)))


def _current_import(committee: Committee | None, digest: str,
                    exclude: int | None = None) -> OutcomeImport | None:
    """An earlier import of the same file whose rows are still the period's current ones."""
    candidates = OutcomeImport.objects.filter(committee=committee, file_hash=digest,
                                              state=OutcomeImport.State.DONE)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    earlier = candidates.order_by("-id").first()
    if earlier is not None and earlier.rows and earlier.outcomes.count() == earlier.rows:
        return earlier
    return None


def _store(**kwargs: Any) -> OutcomeImport:
    """On SQLite a concurrent writer can make the lock's insert fail at once ("database
    table is locked" with a shared cache, "database is locked" on a read-to-write upgrade)
    instead of waiting: the whole transaction rolled back, so it is simply run again."""
    attempts = 0
    while True:
        try:
            return _store_once(**kwargs)
        except OperationalError as exc:
            attempts += 1
            if connection.vendor != "sqlite" or "locked" not in str(exc) or attempts >= 400:
                raise
            time.sleep(0.025 + random.random() * 0.05)


def _store_once(*, rows: list[Row], periods: list[datetime.date], filename: str, digest: str,
                by: User, committee: Committee | None, batch: OutcomeImport | None = None,
                progress: Progress | None = None) -> OutcomeImport:
    """Replace the periods' outcomes with the rows, in one transaction, under the lock."""
    with transaction.atomic():
        committee_ids = sorted({obj.committee_id for obj, *_rest in rows})
        _lock(committee_ids, periods)
        earlier = _current_import(committee, digest, exclude=batch.pk if batch else None)
        if earlier is not None:
            if batch is not None:
                # A queued copy of a file that is already in: it ends as the earlier import.
                batch.state, batch.message = OutcomeImport.State.DONE, _(
                    "The same file was already imported (import %(id)s); nothing changed.") % {
                    "id": earlier.pk}
                batch.data, batch.finished_at = None, timezone.now()
                batch.save(update_fields=["state", "message", "data", "finished_at"])
            return earlier
        objects = {obj.pk for obj, *_rest in rows}
        replaced = Outcome.objects.filter(period__in=periods, cost_object__in=objects)
        replaced_count = replaced.count()
        replaced.delete()
        period_labels = [p.strftime("%Y-%m") for p in periods]
        if batch is None:
            batch = OutcomeImport.objects.create(
                filename=xml_safe(filename)[:300], imported_by=by, rows=len(rows),
                periods=period_labels, committee=committee, file_hash=digest,
                progress_total=len(rows))
        chunk = 5000
        for start in range(0, len(rows), chunk):
            Outcome.objects.bulk_create(
                Outcome(cost_object=obj, period=period, category=category, amount=amount,
                        source=batch)
                for obj, period, category, amount in rows[start:start + chunk])
            if progress:
                progress(min(start + chunk, len(rows)), len(rows))
        refresh_sums(committee_ids=committee_ids, periods=periods, cost_object_ids=list(objects))
        batch.rows, batch.periods, batch.replaced = len(rows), period_labels, replaced_count
        batch.state, batch.progress_done, batch.progress_total = (
            OutcomeImport.State.DONE, len(rows), len(rows))
        batch.data, batch.finished_at = None, timezone.now()
        batch.save()
        record_event(actor=by, action="outcomes.imported", obj=batch,
                     committee=committee or (rows[0][0].committee if rows else None),
                     changes={"rows": [replaced_count, len(rows)]},
                     summary=f"{xml_safe(filename)}: {len(rows)} rows, "
                             f"{', '.join(period_labels)}"[:500])
        return batch


def _require_importer(by: User, committee: Committee | None,
                      rows: list[Row] | None = None) -> None:
    """The committee's secretary or chair imports; with no committee named (the command), every
    committee the file's rows touch must allow it."""
    refused = NotAllowed(_("Outcomes are imported by the committee's secretary or chair."))
    if committee is not None and not permissions.can_import_outcomes(by, committee):
        raise refused
    if committee is None and rows is not None and not all(
            permissions.can_import_outcomes(by, obj.committee) for obj in {r[0] for r in rows}):
        raise refused


def import_outcomes(*, filename: str, data: bytes, by: User, committee: Committee | None = None,
                    progress: Progress | None = None) -> OutcomeImport:
    """Import a file now; the periods in it replace what was imported for them before.

    Parsing happens before the transaction, so the lock is held only while writing."""
    _require_importer(by, committee)
    rows, periods = parse(filename, data, committee)
    _require_importer(by, committee, rows)
    return _store(rows=rows, periods=periods, filename=filename, digest=file_hash(data), by=by,
                  committee=committee, progress=progress)


def queue_import(*, filename: str, data: bytes, by: User,
                 committee: Committee | None = None) -> OutcomeImport:
    """Keep the file for the background task and queue it; a retry of the same file while
    it waits or runs gets the same import back, one already in gets the earlier import."""
    # portfolio.tasks imports this module; the task is looked up when a file is queued.
    from portfolio.tasks import run_outcome_import  # noqa: PLC0415

    _require_importer(by, committee)
    check_size(filename, data)
    digest = file_hash(data)
    # A copy stuck for hours (a worker that died) does not keep the file out for ever.
    waiting = (OutcomeImport.objects.filter(
        committee=committee, file_hash=digest,
        state__in=[OutcomeImport.State.QUEUED, OutcomeImport.State.RUNNING],
        imported_at__gte=timezone.now() - datetime.timedelta(hours=6)).order_by("-id").first())
    if waiting is not None:
        return waiting
    earlier = _current_import(committee, digest)
    if earlier is not None:
        return earlier
    with transaction.atomic():
        batch = OutcomeImport.objects.create(
            filename=xml_safe(filename)[:300], imported_by=by, committee=committee,
            file_hash=digest, state=OutcomeImport.State.QUEUED, data=data)
        record_event(actor=by, action="outcomes.import_queued", obj=batch, committee=committee,
                     summary=f"{batch.filename}: queued"[:500])
        transaction.on_commit(lambda: run_outcome_import.enqueue(import_id=batch.pk))
    return batch


def run_queued_import(*, import_id: int) -> OutcomeImport:
    """The background task's work: parse the stored file, then store it like a small one.
    Progress is written (and committed) as the rows are checked; the bad rows, or the
    counts, end on the import row."""
    claimed = (OutcomeImport.objects.filter(pk=import_id, state=OutcomeImport.State.QUEUED)
               .update(state=OutcomeImport.State.RUNNING))
    batch = OutcomeImport.objects.select_related("committee", "imported_by").get(pk=import_id)
    if not claimed:
        return batch  # already run (a task delivered twice)
    data = bytes(batch.data or b"")

    def progress(done: int, total: int) -> None:
        OutcomeImport.objects.filter(pk=import_id).update(progress_done=done,
                                                          progress_total=total)

    try:
        rows, periods = parse(batch.filename, data, batch.committee, progress=progress)
        _require_importer(batch.imported_by, batch.committee, rows)
        return _store(rows=rows, periods=periods, filename=batch.filename,
                      digest=batch.file_hash, by=batch.imported_by, committee=batch.committee,
                      batch=batch)
    except ImportRefused as exc:
        OutcomeImport.objects.filter(pk=import_id).update(
            state=OutcomeImport.State.FAILED, message=exc.messages[0], errors=exc.rows,
            data=None, finished_at=timezone.now())
    except NotAllowed as exc:
        OutcomeImport.objects.filter(pk=import_id).update(
            state=OutcomeImport.State.FAILED, message=exc.detail, data=None,
            finished_at=timezone.now())
    except Exception:
        OutcomeImport.objects.filter(pk=import_id).update(
            state=OutcomeImport.State.FAILED, message=_("The import failed; nothing was stored."),
            finished_at=timezone.now())
        raise
    batch.refresh_from_db()
    return batch


def status(batch: OutcomeImport) -> dict[str, Any]:
    """What the API and the page show about an import."""
    body = {"id": batch.pk, "state": batch.state, "filename": batch.filename,
            "committee": batch.committee.code if batch.committee is not None else None,
            "progress": {"done": batch.progress_done, "total": batch.progress_total},
            "imported_at": batch.imported_at, "finished_at": batch.finished_at}
    if batch.state == OutcomeImport.State.DONE:
        body.update({"rows": batch.rows, "periods": batch.periods, "replaced": batch.replaced})
    if batch.state == OutcomeImport.State.FAILED:
        body.update({"file": [batch.message], "rows": batch.errors})
    if batch.message and batch.state == OutcomeImport.State.DONE:
        body["message"] = batch.message
    return body


def followed_import(user: User | AnonymousUser, import_id: object) -> OutcomeImport | None:
    """The import a page follows (``?import=``), when the user may see it."""
    if not (isinstance(import_id, str) and import_id.isascii() and import_id.isdigit()
            and len(import_id) < 19):
        return None
    batch = OutcomeImport.objects.select_related("committee").filter(pk=int(import_id)).first()
    if batch is None:
        return None
    allowed = (user.is_superuser or batch.imported_by_id == user.pk
               or (batch.committee_id and permissions.is_committee_decider(user,
                                                                           batch.committee_id)))
    return batch if allowed else None
