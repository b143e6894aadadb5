"""Outcome imports under load and abuse: size, row and unpacked-size limits named before
parsing, large files in the background with a status URL, retries and concurrent
re-imports that replace instead of doubling."""

import io
import threading
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from portfolio import tasks
from portfolio.models import CostObject, Outcome, OutcomeImport
from portfolio.services.outcomes import ImportRefused, import_outcomes
from tests.money.test_outcomes_import import SEMICOLON, upload, xlsx

URL = "/api/v1/outcomes/import/"


@pytest.fixture
def objects(world):
    return {code: CostObject.objects.create(committee=world.committee, code=code, name=code)
            for code in ("6663", "6674")}


def csv_rows(n, amount="100", period="2019-03"):
    lines = ["cost_object;period;category;amount"]
    lines += [f"6663;{period};Konto {i};{amount}" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def zip_bomb(unpacked_mb: int) -> bytes:
    """An XLSX-shaped zip whose sheet inflates to ``unpacked_mb`` MB of empty rows."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet><dimension ref="A1:D4"/><sheetData>')
            block = b"<row><c/></row>" * 65536
            for _ in range(unpacked_mb * 1024 * 1024 // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def test_zip_bomb_is_refused_fast_naming_the_limit(world, api, objects, settings):
    settings.OUTCOME_IMPORT_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
    bomb = zip_bomb(40)
    assert len(bomb) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ImportRefused):
        import_outcomes(filename="utfall.xlsx", data=bomb, by=world.secretary,
                        committee=world.committee)
    # Refused from the zip's directory, before openpyxl inflates anything.
    assert time.monotonic() - started < 1
    response = upload(api, world.secretary, bomb, name="utfall.xlsx")
    assert response.status_code == 400
    message = response.json()["file"][0]
    assert "OUTCOME_IMPORT_MAX_UNCOMPRESSED_BYTES" in message and "8 MB" in message
    assert not Outcome.objects.exists() and not OutcomeImport.objects.exists()


def test_row_cap_is_named_for_csv_and_xlsx(world, api, objects, settings):
    settings.OUTCOME_IMPORT_MAX_ROWS = 10
    for name, data in (("utfall.csv", csv_rows(11)),
                       ("utfall.xlsx", xlsx([["cost_object", "period", "category", "amount"]]
                                            + [["6663", "2019-03", f"K{i}", 1] for i in range(11)]))):
        response = upload(api, world.secretary, data, name=name)
        assert response.status_code == 400, (name, response.content[:300])
        message = response.json()["file"][0]
        assert "OUTCOME_IMPORT_MAX_ROWS" in message and "10" in message, message
    assert upload(api, world.secretary, csv_rows(10)).status_code == 201
    assert Outcome.objects.count() == 10


def test_a_sheet_that_lies_about_its_size_is_still_capped(objects, world, settings):
    settings.OUTCOME_IMPORT_MAX_ROWS = 10
    data = xlsx([["cost_object", "period", "category", "amount"]]
                + [["6663", "2019-03", f"K{i}", 1] for i in range(30)])
    # Rewrite the dimension to claim one row.
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<dimension ref="A1:D31"/>', b'<dimension ref="A1:D1"/>')
            target.writestr(member, body)
    with pytest.raises(ImportRefused) as refused:
        import_outcomes(filename="l.xlsx", data=buffer.getvalue(), by=world.secretary,
                        committee=world.committee)
    assert "OUTCOME_IMPORT_MAX_ROWS" in refused.value.messages[0]


def test_years_out_of_range_and_control_characters_are_bad_rows(world, objects):
    data = (b"cost_object;period;category;amount\n6663;0000-03;K;1\n6663;9999-03;K;1\n"
            b"6663;2019-03;K\x01;1\n")
    with pytest.raises(ImportRefused) as refused:
        import_outcomes(filename="u.csv", data=data, by=world.secretary, committee=world.committee)
    assert [row["line"] for row in refused.value.rows] == [2, 3, 4]


def test_large_import_runs_in_the_background_and_reports_its_counts(
        world, api, objects, settings, django_capture_on_commit_callbacks, queued_tasks):
    from django_tasks_db.models import DBTaskResult

    settings.OUTCOME_IMPORT_BACKGROUND_ROWS = 5
    data = csv_rows(8)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, world.secretary, data)
    assert response.status_code == 202, response.content[:300]
    body = response.json()
    assert body["state"] == "queued"
    assert body["status_url"].endswith(f"/api/v1/outcomes/imports/{body['id']}/")
    assert not Outcome.objects.exists()
    # Queued for the worker (the database backend), with the file kept for it.
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__import_id=body["id"]).exists()
    assert bytes(OutcomeImport.objects.get(pk=body["id"]).data) == data
    # A retry while it waits is the same import.
    again = upload(api, world.secretary, data)
    assert again.status_code == 202 and again.json()["id"] == body["id"]
    status = api(world.secretary).get(body["status_url"]).json()
    assert status["state"] == "queued" and status["progress"]["done"] == 0
    # What db_worker does.
    result = tasks.run_outcome_import.call(import_id=body["id"])
    assert result["state"] == "done"
    status = api(world.secretary).get(body["status_url"]).json()
    assert status["state"] == "done"
    assert status["rows"] == 8 and status["periods"] == ["2019-03"]
    assert status["progress"] == {"done": 8, "total": 8}
    assert Outcome.objects.count() == 8
    assert OutcomeImport.objects.get(pk=body["id"]).data is None
    # Sent again once done: the earlier import, nothing doubled.
    repeat = upload(api, world.secretary, data)
    assert repeat.status_code == 201 and repeat.json()["id"] == body["id"]
    assert Outcome.objects.count() == 8
    assert api(world.outsider).get(body["status_url"]).status_code == 403
    assert api(world.secretary).get("/api/v1/outcomes/imports/999999/").status_code == 404


def test_background_import_with_the_immediate_backend(world, api, objects, settings,
                                                      django_capture_on_commit_callbacks):
    settings.OUTCOME_IMPORT_BACKGROUND_ROWS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, world.secretary, csv_rows(6))
    assert response.status_code == 202
    status = api(world.secretary).get(response.json()["status_url"]).json()
    assert status["state"] == "done" and status["rows"] == 6
    assert Outcome.objects.count() == 6


def test_failed_background_import_lists_every_bad_row(world, api, objects, settings):
    settings.OUTCOME_IMPORT_BACKGROUND_ROWS = 5
    data = csv_rows(8).replace(b"Konto 2;100", b"Konto 2;hundra").replace(b"Konto 6;100",
                                                                           b"Konto 6;x")
    response = upload(api, world.secretary, data)
    assert response.status_code == 202
    tasks.run_outcome_import.call(import_id=response.json()["id"])
    status = api(world.secretary).get(response.json()["status_url"]).json()
    assert status["state"] == "failed"
    assert [row["line"] for row in status["rows"]] == [4, 8]
    assert "2" in status["file"][0]
    assert not Outcome.objects.exists()


def test_economy_page_queues_a_large_import_and_shows_progress(world, client, objects, settings):
    settings.OUTCOME_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(world.secretary)
    response = client.post("/en/portfolio/economy/?committee=GNS",
                           {"file": SimpleUploadedFile("stor.csv", csv_rows(7))})
    assert response.status_code == 302
    batch = OutcomeImport.objects.get()
    assert f"import={batch.pk}" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and 'data-state="queued"' in page
    assert "<progress" in page
    tasks.run_outcome_import.call(import_id=batch.pk)
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page and 'data-state="done"' in page
    assert "7 rows" in page


def test_reimport_of_the_same_file_returns_the_earlier_import(world, api, objects):
    first = upload(api, world.secretary, SEMICOLON.encode())
    second = upload(api, world.secretary, SEMICOLON.encode())
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Outcome.objects.count() == 3 and OutcomeImport.objects.count() == 1
    # Another file for the period replaces it; the first file again replaces that in turn.
    other = SEMICOLON.replace("88 000", "77 000").encode()
    assert upload(api, world.secretary, other).json()["id"] != first.json()["id"]
    third = upload(api, world.secretary, SEMICOLON.encode())
    assert third.json()["id"] not in (first.json()["id"],)
    assert Outcome.objects.count() == 3


# --- Concurrent re-imports -------------------------------------------------------------------

def _at_once(n, act):
    barrier = threading.Barrier(n, timeout=60)
    results = [None] * n

    def worker(i):
        try:
            connection.ensure_connection()
            barrier.wait()
            results[i] = ("ok", act(i))
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifteen_simultaneous_reimports_replace_and_never_double(world, objects):
    """PostgreSQL (the row lock) and SQLite (one writer at a time) alike."""
    files = [csv_rows(40, amount=str(100 + i % 3)) for i in range(15)]
    results = _at_once(15, lambda i: import_outcomes(
        filename=f"utfall-{i}.csv", data=files[i], by=world.secretary,
        committee=world.committee).pk)
    assert [r[0] for r in results] == ["ok"] * 15, [r for r in results if r[0] != "ok"]
    # Exactly one file's rows are the period's outcomes, whole.
    assert Outcome.objects.count() == 40
    amounts = set(Outcome.objects.values_list("amount", flat=True))
    assert len(amounts) == 1
    sources = set(Outcome.objects.values_list("source", flat=True))
    assert len(sources) == 1
    # Identical files were imported once each: three different files, at most one import
    # per run of the same file being current.
    assert OutcomeImport.objects.filter(outcomes__isnull=False).distinct().count() == 1


def test_economy_page_lists_the_bad_rows_of_a_failed_background_import(world, client, objects,
                                                                       settings):
    settings.OUTCOME_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(world.secretary)
    data = csv_rows(7).replace(b"Konto 3;100", b"Konto 3;tusen")
    response = client.post("/en/portfolio/economy/?committee=GNS",
                           {"file": SimpleUploadedFile("stor.csv", data)})
    batch = OutcomeImport.objects.get()
    tasks.run_outcome_import.call(import_id=batch.pk)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-state="failed"' in html and "tusen" in html
    assert "<td>5</td>" in html  # the bad line's number
    # Someone without a role on the committee does not follow another's import.
    client.force_login(world.outsider)
    assert 'data-state=' not in client.get(response["Location"]).content.decode()
