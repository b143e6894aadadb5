"""Issue #11 point 2: cases share the committee's one number sequence; their documents are
PDF or DOCX only, size-capped, named by content and not by the uploader."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from portfolio.errors import NotAllowed, StateConflict
from portfolio.models import AuditEvent, Case, CaseDocument, Project
from portfolio.services import cases, projects
from tests.record.helpers import EXE, PDF, docx, plain_zip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_project_and_an_interim_report_draw_from_one_sequence(world):
    project = world.project(case_year=2019)
    report = cases.open_case(committee=world.committee, kind="interim_report",
                             title="Delårsrapport augusti 2019", by=world.secretary, year=2019)
    later = world.project(case_year=2019)
    numbers = [project.case_number, report.number, later.case_number]
    assert numbers == ["GNS/1/2019", "GNS/2/2019", "GNS/3/2019"]
    assert Case.objects.get(project=project).number == "GNS/1/2019"
    assert Case.objects.filter(committee=world.committee, year=2019).count() == 3


def test_a_project_cannot_take_a_number_an_interim_report_has(world):
    cases.open_case(committee=world.committee, kind="interim_report", title="Delårsrapport",
                    by=world.secretary, year=2019, number=9)
    with pytest.raises(StateConflict):
        world.project(case_year=2019, case_seq=9)
    assert not Project.objects.filter(case_year=2019, case_seq=9).exists()


def test_an_interim_report_cannot_take_a_projects_number(world):
    world.project(case_year=2019, case_seq=9)
    with pytest.raises(StateConflict):
        cases.open_case(committee=world.committee, kind="interim_report", title="Delårsrapport",
                        by=world.secretary, year=2019, number=9)
    assert Case.objects.filter(year=2019).count() == 1


def test_bad_case_input_names_the_fields(world):
    with pytest.raises(ValidationError) as caught:
        cases.open_case(committee=world.committee, kind="project", title=" ", by=world.secretary,
                        year=99999)
    assert set(caught.value.message_dict) == {"kind", "title", "year"}
    assert not Case.objects.exists()


@pytest.mark.parametrize("role", ["owner", "manager", "steering", "auditor", "outsider",
                                  "other_secretary"])
def test_only_the_committees_officers_open_cases(world, role):
    with pytest.raises(NotAllowed):
        cases.open_case(committee=world.committee, kind="other", title="X", by=getattr(world, role))
    assert not Case.objects.exists()


def _case(world):
    return cases.open_case(committee=world.committee, kind="audit_report",
                           title="Granskning av nämnden", by=world.secretary, year=2019,
                           external_reference="REV 36/2018")


@pytest.mark.parametrize(("content", "content_type"), [
    (PDF, "application/pdf"),
    (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")])
def test_pdf_and_docx_are_attached_under_a_name_of_our_own(world, content, content_type):
    case = _case(world)
    document = cases.add_document(case=case, kind="beslutsunderlag", title="Granskningsrapport",
                                  dated=datetime.date(2019, 3, 14), content=content,
                                  by=world.secretary)
    assert document.content_type == content_type and document.size == len(content)
    assert document.file.read() == content
    assert "Granskning" not in document.file.name and document.file.name.startswith("cases/")
    assert AuditEvent.objects.filter(action="case.document_added").count() == 1


@pytest.mark.parametrize("content", [EXE, plain_zip(), b"PK\x03\x04 not a zip", b"hello"])
def test_anything_but_pdf_or_docx_is_refused_naming_the_file(world, content):
    case = _case(world)
    with pytest.raises(ValidationError) as caught:
        cases.add_document(case=case, kind="beslutsunderlag", title="rapport.pdf",
                           dated=datetime.date(2019, 3, 14), content=content, by=world.secretary)
    assert list(caught.value.message_dict) == ["file"]
    assert not CaseDocument.objects.exists()


def test_a_document_above_the_cap_is_refused(world, settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 100
    case = _case(world)
    with pytest.raises(ValidationError) as caught:
        cases.add_document(case=case, kind="beslutsunderlag", title="Stor",
                           dated=datetime.date(2019, 3, 14), content=PDF + b"x" * 100,
                           by=world.secretary)
    assert "file" in caught.value.message_dict
    assert not CaseDocument.objects.exists()


def test_document_date_and_kind_are_checked(world):
    case = _case(world)
    with pytest.raises(ValidationError) as caught:
        cases.add_document(case=case, kind="exe", title="", dated=datetime.date(1, 1, 1),
                           content=PDF, by=world.secretary)
    assert set(caught.value.message_dict) == {"kind", "title", "dated"}


@pytest.mark.django_db(transaction=True)
def test_projects_and_cases_opened_at_once_never_share_a_number(world):
    """Four projects and four interim reports at the same moment: eight distinct numbers."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    owner_pk, secretary_pk, committee = world.owner.pk, world.secretary.pk, world.committee
    n = 8
    barrier = threading.Barrier(n, timeout=30)
    results: list = [None] * n

    def worker(i):
        try:
            connection.ensure_connection()
            owner, secretary = User.objects.get(pk=owner_pk), User.objects.get(pk=secretary_pk)
            barrier.wait()
            if i % 2:
                results[i] = projects.create_project(committee=committee, name=f"P{i}", by=owner,
                                                     case_year=2033).case_number
            else:
                results[i] = cases.open_case(committee=committee, kind="interim_report",
                                             title=f"R{i}", by=secretary, year=2033).number
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(isinstance(r, str) for r in results), results
    assert sorted(results, key=lambda r: int(r.split("/")[1])) == [
        f"GNS/{k}/2033" for k in range(1, n + 1)]
    assert Case.objects.filter(year=2033).count() == n
