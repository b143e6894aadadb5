"""Importing the accounting system's export: all rows or none (service, API and command)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from openpyxl import Workbook

from portfolio.models import AuditEvent, CostObject, Outcome, OutcomeImport
from portfolio.services import outcomes as service
from portfolio.services.outcomes import ImportRefused, import_outcomes

D = datetime.date
URL = "/api/v1/outcomes/import/"

SEMICOLON = (
    "cost_object;period;category;amount\n"
    "6663;2019-01;Intäkter;88 000\n"
    "6663;2019-01;Kostnader;\u22121 234,50\n"
    "6674;2019-02;Kostnader;-64500\n"
)
COMMA = (
    "cost_object,period,category,amount\r\n"
    "6663,2019-01,Intäkter,88000\r\n"
    '6663,2019-01,Kostnader,"\u22121 234,50"\r\n'
    "6674,2019-02,Kostnader,-64500.00\r\n"
)
SWEDISH_HEADER = (
    "Objekt;Period;Kategori;Belopp\n"
    "6663;2019-01;Intäkter;88\u00a0000\n"
    "6663;2019-01;Kostnader;\u22121\u00a0234,50\n"
    "6674;2019-02;Kostnader;\u221264\u00a0500\n"
)
EXPECTED = {("6663", D(2019, 1, 1), "Intäkter"): Decimal("88000.00"),
            ("6663", D(2019, 1, 1), "Kostnader"): Decimal("-1234.50"),
            ("6674", D(2019, 2, 1), "Kostnader"): Decimal("-64500.00")}


@pytest.fixture
def objects(world):
    return {
        "6663": CostObject.objects.create(committee=world.committee, code="6663",
                                          name="Serverdrift Åre"),
        "6674": CostObject.objects.create(committee=world.committee, code="6674",
                                          name="Link2 införandet"),
        # Another committee's object: unknown to an import for GNS.
        "9001": CostObject.objects.create(committee=world.other_committee, code="9001",
                                          name="Annan nämnd"),
    }


def stored():
    return {(o.cost_object.code, o.period, o.category): o.amount
            for o in Outcome.objects.select_related("cost_object")}


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(api, user, data: bytes, name="utfall.csv", committee="GNS"):
    body = {"file": SimpleUploadedFile(name, data)}
    if committee is not None:
        body["committee"] = committee
    return api(user).post(URL, body, format="multipart")


# --- Good files ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [SEMICOLON, COMMA, SWEDISH_HEADER],
                         ids=["semicolon", "comma", "swedish-header"])
def test_good_csv_imports(world, objects, text):
    batch = import_outcomes(filename="utfall.csv", data=text.encode("utf-8"), by=world.secretary,
                            committee=world.committee)
    assert batch.rows == 3 and batch.periods == ["2019-01", "2019-02"]
    assert stored() == EXPECTED
    assert set(Outcome.objects.values_list("source", flat=True)) == {batch.pk}


def test_csv_with_bom_and_windows_encoding(world, objects):
    import_outcomes(filename="utfall.csv", data=SEMICOLON.encode("utf-8-sig"), by=world.secretary,
                    committee=world.committee)
    assert stored() == EXPECTED
    # An export saved as Windows-1252 (no unicode minus there).
    cp1252 = SEMICOLON.replace("\u2212", "-").encode("cp1252")
    import_outcomes(filename="utfall.csv", data=cp1252, by=world.secretary,
                    committee=world.committee)
    assert stored() == EXPECTED


def test_good_xlsx_imports(world, objects):
    data = xlsx([
        ["cost_object", "period", "category", "amount"],
        ["6663", "2019-01", "Intäkter", 88000],
        [6663, datetime.datetime(2019, 1, 1), "Kostnader", "\u22121 234,50"],
        ["6674", "2019-02", "Kostnader", -64500.0],
    ])
    batch = import_outcomes(filename="utfall.xlsx", data=data, by=world.secretary,
                            committee=world.committee)
    assert batch.rows == 3 and batch.periods == ["2019-01", "2019-02"]
    assert stored() == EXPECTED


def test_api_imports_and_answers_201_with_counts(world, api, objects):
    response = upload(api, world.secretary, SEMICOLON.encode())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rows"] == 3 and body["periods"] == ["2019-01", "2019-02"]
    assert OutcomeImport.objects.get(pk=body["id"]).imported_by == world.secretary
    assert stored() == EXPECTED
    data = xlsx([["objekt", "period", "kategori", "belopp"], ["6674", "2019-03", "Kostnader", -1]])
    response = upload(api, world.chair, data, name="mars.xlsx")
    assert response.status_code == 201, response.content
    assert response.json()["rows"] == 1 and response.json()["periods"] == ["2019-03"]
    assert Outcome.objects.count() == 4


def test_import_writes_an_audit_event(world, objects):
    batch = import_outcomes(filename="utfall.csv", data=SEMICOLON.encode(), by=world.secretary,
                            committee=world.committee)
    event = AuditEvent.objects.get(action="outcomes.imported")
    assert event.actor == world.secretary and event.committee_id == world.committee.pk
    assert event.object_id == str(batch.pk)
    assert event.changes == {"rows": [0, 3]}
    assert "utfall.csv" in event.summary and "2019-01" in event.summary


def test_reimporting_a_period_replaces_it(world, api, objects):
    assert upload(api, world.secretary, SEMICOLON.encode()).status_code == 201
    january = Outcome.objects.filter(period=D(2019, 1, 1))
    assert january.count() == 2
    again = ("cost_object;period;category;amount\n"
             "6663;2019-01;Intäkter;90 000\n"
             "6663;2019-01;Kostnader;-2 000,25\n")
    response = upload(api, world.secretary, again.encode(), name="utfall-jan.csv")
    assert response.status_code == 201
    assert january.count() == 2
    assert stored() == {("6663", D(2019, 1, 1), "Intäkter"): Decimal("90000.00"),
                        ("6663", D(2019, 1, 1), "Kostnader"): Decimal("-2000.25"),
                        ("6674", D(2019, 2, 1), "Kostnader"): Decimal("-64500.00")}
    event = AuditEvent.objects.filter(action="outcomes.imported").order_by("-id").first()
    assert event.changes == {"rows": [2, 2]}


# --- Refused files ---------------------------------------------------------------------------

GOOD_ROWS = ["6663;2019-03;Intäkter;88000", "6663;2019-03;Kostnader;-80000",
             "6674;2019-03;Kostnader;-64500", "6674;2019-03;Intäkter;60000",
             "6663;2019-04;Intäkter;88000"]
HEADER = "cost_object;period;category;amount"


def csv_file(*rows, header=HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


@pytest.mark.parametrize("data, lines, words", [
    (csv_file(*GOOD_ROWS, header="objekt;månad;konto;summa"), [1], ["månad"]),
    (csv_file(*GOOD_ROWS[:2], "6663;2019-13;Kostnader;-5", *GOOD_ROWS[2:]), [4], ["2019-13"]),
    (csv_file(*GOOD_ROWS[:3], "6663;2019-03;Kostnader;tusen", *GOOD_ROWS[3:]), [5], ["tusen"]),
    (csv_file(*GOOD_ROWS[:1], "9001;2019-03;Kostnader;-5", *GOOD_ROWS[1:]), [3], ["9001"]),
    (csv_file(*GOOD_ROWS[:1], "6663;2019-3;Kostnader;-5", "4711;2019-03;Kostnader;1,2,3",
              *GOOD_ROWS[1:], "6674;2019-03;;-5"), [3, 4, 9], ["2019-3", "4711", "1,2,3"]),
], ids=["header", "month-13", "not-a-number", "unknown-object", "several"])
def test_bad_file_is_refused_whole_naming_every_bad_line(world, api, objects, data, lines,
                                                         words):
    assert upload(api, world.secretary, SEMICOLON.encode()).status_code == 201
    before, imports, events = stored(), OutcomeImport.objects.count(), AuditEvent.objects.count()
    response = upload(api, world.secretary, data)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["file"]
    assert [row["line"] for row in body["rows"]] == lines
    text = " ".join(body["file"] + [e for row in body["rows"] for e in row["errors"]])
    for word in words:
        assert word in text
    assert stored() == before
    assert OutcomeImport.objects.count() == imports
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("data", [b"", b"  \n\n", HEADER.encode() + b"\n", b"PK\x03\x04broken"],
                         ids=["empty", "blank", "header-only", "broken-xlsx"])
def test_empty_or_unreadable_file_is_refused(world, api, objects, data):
    assert upload(api, world.secretary, SEMICOLON.encode()).status_code == 201
    before = stored()
    response = upload(api, world.secretary, data)
    assert response.status_code == 400, response.content
    assert response.json()["file"]
    assert stored() == before and Outcome.objects.count() == 3
    assert OutcomeImport.objects.count() == 1
    with pytest.raises(ImportRefused):
        import_outcomes(filename="x.csv", data=data, by=world.secretary, committee=world.committee)


def test_file_without_delimiters_is_refused_not_a_server_error(world, api, objects):
    response = upload(api, world.secretary, b"hello\nworld\n")
    assert response.status_code == 400, response.content
    assert [row["line"] for row in response.json()["rows"]] == [1]


def test_all_or_nothing_with_several_good_rows_and_one_bad(world, objects):
    """Five good rows and one bad: nothing of the file is stored, and the periods the file
    would have replaced keep what they had."""
    import_outcomes(filename="mars.csv", data=csv_file("6663;2019-03;Kostnader;-1"),
                    by=world.secretary, committee=world.committee)
    before = stored()
    data = csv_file(*GOOD_ROWS[:4], "6674;2019-03;Kostnader;", GOOD_ROWS[4])
    with pytest.raises(ImportRefused) as refused:
        import_outcomes(filename="utfall.csv", data=data, by=world.secretary,
                        committee=world.committee)
    assert refused.value.rows == [{"line": 6, "errors": refused.value.rows[0]["errors"]}]
    assert stored() == before
    assert OutcomeImport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_all_or_nothing_when_writing_fails_halfway(world, objects, monkeypatch):
    """Committed transactions, so this holds on the real database (SQLite and PostgreSQL):
    when the write fails after the old period was deleted and the new rows were inserted,
    the whole import is rolled back."""
    assert not transaction.get_connection().in_atomic_block  # no test transaction around us
    import_outcomes(filename="utfall.csv", data=SEMICOLON.encode(), by=world.secretary,
                    committee=world.committee)
    before = stored()
    outcome_ids = set(Outcome.objects.values_list("id", flat=True))

    def broken(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(service, "record_event", broken)
    replacement = csv_file("6663;2019-01;Intäkter;1", "6663;2019-01;Kostnader;-1",
                           "6674;2019-02;Kostnader;-1")
    with pytest.raises(RuntimeError):
        import_outcomes(filename="igen.csv", data=replacement, by=world.secretary,
                        committee=world.committee)
    assert stored() == before
    assert set(Outcome.objects.values_list("id", flat=True)) == outcome_ids
    assert list(OutcomeImport.objects.values_list("filename", flat=True)) == ["utfall.csv"]


def test_file_over_the_size_limit_is_refused(world, api, objects, monkeypatch):
    monkeypatch.setattr(service, "MAX_BYTES", 64)
    assert len(SEMICOLON.encode()) > 64
    response = upload(api, world.secretary, SEMICOLON.encode())
    assert response.status_code == 400
    assert "file" in response.json()
    assert Outcome.objects.count() == 0
    with pytest.raises(ImportRefused):
        import_outcomes(filename="utfall.csv", data=SEMICOLON.encode(), by=world.secretary,
                        committee=world.committee)
    assert Outcome.objects.count() == 0


@pytest.mark.parametrize("who, committee", [("outsider", "GNS"), ("auditor", "GNS"),
                                             ("manager", "GNS"), ("other_secretary", "GNS"),
                                             ("secretary", None)])
def test_only_the_committees_secretary_or_chair_imports(world, api, objects, who, committee):
    response = upload(api, getattr(world, who), SEMICOLON.encode(), committee=committee)
    assert response.status_code == 403
    assert Outcome.objects.count() == 0 and OutcomeImport.objects.count() == 0


def test_unknown_committee_is_named(world, api, objects):
    response = upload(api, world.admin, SEMICOLON.encode(), committee="NOPE")
    assert response.status_code == 400 and "committee" in response.json()
    assert Outcome.objects.count() == 0


# --- Management command ----------------------------------------------------------------------

def test_command_imports_and_prints_progress(world, objects, tmp_path):
    path = tmp_path / "utfall-2019.csv"
    path.write_bytes(SEMICOLON.encode())
    out = io.StringIO()
    call_command("import_outcomes", str(path), stdout=out)
    text = out.getvalue()
    assert "3/3 rows" in text
    assert "Imported 3 rows for 2019-01, 2019-02" in text
    assert stored() == EXPECTED
    batch = OutcomeImport.objects.get()
    assert batch.filename == "utfall-2019.csv" and batch.imported_by == world.admin
    # The same file again (a retry) is the earlier import: nothing changes (issue #10).
    again = io.StringIO()
    call_command("import_outcomes", str(path), "--user", "secretary", stdout=again)
    assert f"already imported (import {batch.pk}" in again.getvalue()
    assert OutcomeImport.objects.get() == batch and stored() == EXPECTED
    path.write_bytes(SEMICOLON.replace("88 000", "88 001").encode())
    call_command("import_outcomes", str(path), "--user", "secretary", stdout=io.StringIO())
    assert OutcomeImport.objects.order_by("-id").first().imported_by == world.secretary
    assert Outcome.objects.count() == len(EXPECTED)


def test_command_refuses_a_bad_file_listing_the_lines(world, objects, tmp_path):
    path = tmp_path / "utfall.csv"
    path.write_bytes(csv_file(*GOOD_ROWS[:2], "6663;2019-13;Kostnader;-5", "1234;2019-03;X;1",
                              *GOOD_ROWS[2:]))
    with pytest.raises(CommandError) as error:
        call_command("import_outcomes", str(path), stdout=io.StringIO())
    message = str(error.value)
    assert "line 4:" in message and "2019-13" in message
    assert "line 5:" in message and "1234" in message
    assert "line 2:" not in message
    assert Outcome.objects.count() == 0
    with pytest.raises(CommandError):
        call_command("import_outcomes", str(tmp_path / "saknas.csv"), stdout=io.StringIO())
