"""The committee's register of cases (ärenden) and their documents (issue #11 point 2).

Every case, a project or not, takes its number from the committee's one sequence
(``case_numbers.allocate_case_number``), so two cases never share GNS/9/2019."""

import datetime
import hashlib
import io
import secrets
import zipfile
from typing import IO

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.models import Case, CaseDocument, Committee, Project
from portfolio.services.audit import record_event
from portfolio.services.case_numbers import allocate_case_number
from portfolio.validators import validate_sensible_date

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Read at most this much of a DOCX's central directory: a zip bomb never gets unpacked.
_MAX_ZIP_MEMBERS = 2000


@transaction.atomic
def open_case(*, committee: Committee, kind: str, title: str, by: User,
              year: int | None = None, number: int | None = None,
              external_reference: str = "") -> Case:
    """Register a case that is not a project (a price list, an interim report …)."""
    if not permissions.can_keep_cases(by, committee.pk):
        raise NotAllowed(_("Only the committee's officers open its cases."))
    errors: dict[str, list[str]] = {}
    if kind not in Case.Kind.values or kind == Case.Kind.PROJECT:
        errors["kind"] = [_("Use one of: %(k)s. A project is opened as a project.")
                          % {"k": ", ".join(k for k in Case.Kind.values if k != "project")}]
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    elif len(title.strip()) > 300:
        errors["title"] = [_("At most 300 characters.")]
    year = year or timezone.localdate().year
    if not 1990 <= year <= 2100:
        errors["year"] = [_("Enter a year between 1990 and 2100.")]
    if number is not None and not 1 <= number <= 1_000_000:
        errors["number"] = [_("Enter a number between 1 and 1000000.")]
    if errors:
        raise ValidationError(errors)
    seq = allocate_case_number(committee=committee, year=year, number=number)
    try:
        with transaction.atomic():
            case = Case.objects.create(committee=committee, year=year, seq=seq, kind=kind,
                                       title=title.strip(),
                                       external_reference=external_reference.strip()[:60])
    except IntegrityError as exc:  # a project row made without a Case (bulk-generated data)
        raise StateConflict(_("The case number %(n)s is already used.")
                            % {"n": f"{committee.code}/{seq}/{year}"},
                            code="case_number_taken") from exc
    record_event(actor=by, action="case.opened", obj=case, committee=committee,
                 summary=str(case)[:500])
    return case


def case_for_project(project: Project) -> Case:
    """The project's case; made on first use for a project that predates the register."""
    case = Case.objects.filter(project=project).first()
    if case is not None:
        return case
    case, _created = Case.objects.get_or_create(
        committee_id=project.committee_id, year=project.case_year, seq=project.case_seq,
        defaults={"kind": Case.Kind.PROJECT, "title": project.name[:300], "project": project})
    return case


def sniff(head: bytes, data: IO[bytes]) -> tuple[str, str] | None:
    """(content type, extension) judged from the bytes, never from the name: a PDF starts
    with ``%PDF-``; a DOCX is a zip holding ``word/document.xml``."""
    if head.startswith(b"%PDF-"):
        return PDF, "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(data) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        if len(names) <= _MAX_ZIP_MEMBERS and "word/document.xml" in names:
            return DOCX, "docx"
    return None


@transaction.atomic
def add_document(*, case: Case, kind: str, title: str, dated: datetime.date | None,
                 content: bytes, by: User) -> CaseDocument:
    """Attach a PDF or DOCX to a case. Anything else, or anything above
    ``CASE_DOCUMENT_MAX_BYTES``, is refused naming the field ``file``."""
    case = Case.objects.select_for_update().select_related("committee").get(pk=case.pk)
    if not permissions.can_keep_cases(by, case.committee_id):
        raise NotAllowed(_("Only the committee's officers attach documents to its cases."))
    errors: dict[str, list[str]] = {}
    if kind not in CaseDocument.Kind.values:
        errors["kind"] = [_("Use one of: %(k)s.") % {"k": ", ".join(CaseDocument.Kind.values)}]
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    if dated is None:
        errors["dated"] = [_("Enter the document's date (YYYY-MM-DD).")]
    else:
        try:
            validate_sensible_date(dated)
        except ValidationError as exc:
            errors["dated"] = exc.messages
    limit = settings.CASE_DOCUMENT_MAX_BYTES
    found = None
    if not content:
        errors["file"] = [_("The file is empty.")]
    elif len(content) > limit:
        errors["file"] = [_("The file is larger than %(mb)s MB.")
                          % {"mb": round(limit / 1024 / 1024, 1)}]
    else:
        found = sniff(content[:8], io.BytesIO(content))
        if found is None:
            errors["file"] = [_("Only PDF and Word (DOCX) documents can be attached; this file "
                                "is neither, whatever its name says.")]
    if errors or found is None or dated is None:
        raise ValidationError(errors)
    content_type, extension = found
    document = CaseDocument(case=case, kind=kind, title=title.strip()[:300], dated=dated,
                            content_type=content_type, size=len(content),
                            sha256=hashlib.sha256(content).hexdigest(), uploaded_by=by,
                            stored_name=f"{secrets.token_hex(16)}.{extension}")
    document.file.save(f"{case.committee_id}/{case.year}-{case.seq}/{document.stored_name}",
                       ContentFile(content), save=False)
    document.save()
    record_event(actor=by, action="case.document_added", obj=document, project=case.project,
                 committee=case.committee, summary=f"{case.number}: {document.title}"[:500])
    return document
