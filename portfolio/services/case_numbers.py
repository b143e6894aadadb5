from django.db import IntegrityError, transaction

from portfolio.errors import StateConflict
from portfolio.models import Case, CaseNumberSequence, Committee, Project


@transaction.atomic
def allocate_case_number(*, committee: Committee, year: int, number: int | None = None) -> int:
    """Hand out the next case number of ``committee`` for ``year``; never the same twice.
    Projects and every other case (``services.cases``) draw from this one sequence.

    The sequence row is locked for the rest of the caller's transaction, so concurrent
    creators queue up behind each other instead of reading the same last number. An explicit
    ``number`` (migrating a case that already has one) moves the sequence past it.
    """
    sequence = _locked_sequence(committee, year)
    if number is None:
        number = sequence.last_number + 1
    elif (Project.objects.filter(committee=committee, case_year=year, case_seq=number).exists()
          or Case.objects.filter(committee=committee, year=year, seq=number).exists()):
        raise StateConflict(
            f"Diarienumret {committee.code}/{number}/{year} är redan använt.", code="case_number_taken"
        )
    if number > sequence.last_number:
        sequence.last_number = number
        sequence.save(update_fields=["last_number"])
    return number


def _locked_sequence(committee: Committee, year: int) -> CaseNumberSequence:
    queryset = CaseNumberSequence.objects.select_for_update()
    try:
        return queryset.get(committee=committee, year=year)
    except CaseNumberSequence.DoesNotExist:
        pass
    try:
        # A savepoint, so that losing the race to create the row keeps the outer transaction.
        with transaction.atomic():
            CaseNumberSequence.objects.create(committee=committee, year=year, last_number=0)
    except IntegrityError:
        pass
    return queryset.get(committee=committee, year=year)
