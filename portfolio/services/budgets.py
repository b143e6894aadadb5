"""Project budgets: lines with the amount each financier carries, and what each party pays."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import BudgetLine, BudgetShare, Financier, Party, Project
from portfolio.services import allocation
from portfolio.services.audit import record_event
from portfolio.services.versions import check_version

MAX_LINES = 500

# Messages by field, as ValidationError takes them.
Errors = dict[str, list[str]]


def _amount(value: Any, where: str, errors: Errors) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError):
        errors[where] = [_("Not a number.")]
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        errors[where] = [_("Not a number.")]
        return None
    if number < 0:
        errors[where] = [_("Must be zero or more.")]
        return None
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def set_budget(*, project: Project, by: User, lines: list[dict[str, Any]],
               financiers: list[dict[str, Any]] | None = None,
               expected_version: str | None = None) -> dict[str, Any]:
    """Replace the project's budget. Each line's shares must add up to its total.
    ``expected_version``: the project version the writer read (see services.versions)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_edit_project(by, project):
        raise NotAllowed(_("Only the project owner and manager edit the budget."))
    check_version(project, expected_version)
    errors: Errors = {}
    if len(lines) > MAX_LINES:
        raise ValidationError({"lines": [_("At most %(n)s lines.") % {"n": MAX_LINES}]})
    if financiers is not None:
        _replace_financiers(project, financiers, errors)
        if errors:
            raise ValidationError(errors)
    codes = {f.code: f for f in project.financiers.all()}
    parsed = []
    for index, line in enumerate(lines):
        at = f"lines[{index}]"
        activity = str(line.get("activity") or "").strip()
        if not activity:
            errors[f"{at}.activity"] = [_("This field is required.")]
        total = _amount(line.get("total"), f"{at}.total", errors)
        shares = {}
        for code, amount in (line.get("shares") or {}).items():
            if code not in codes:
                errors[f"{at}.shares.{code}"] = [_("Not a financier of this project.")]
                continue
            value = _amount(amount, f"{at}.shares.{code}", errors)
            if value is not None:
                shares[code] = value
        if total is not None and shares and sum(shares.values()) != total:
            errors[f"{at}.shares"] = [_("The shares add up to %(sum)s, not the total %(total)s.")
                                      % {"sum": sum(shares.values()), "total": total}]
        elif total and not shares:
            errors[f"{at}.shares"] = [_("Say which financier carries the amount.")]
        if total is not None:  # no total always comes with an error, so nothing is saved
            parsed.append((activity, total, str(line.get("note") or "")[:500], shares))
    if errors:
        raise ValidationError(errors)
    before = budget_summary(project)["total"]
    project.budget_lines.all().delete()
    for position, (activity, total, note, shares) in enumerate(parsed, start=1):
        budget_line = BudgetLine.objects.create(project=project, position=position,
                                                activity=activity[:300], total=total, note=note)
        BudgetShare.objects.bulk_create(
            BudgetShare(line=budget_line, financier=codes[code], amount=amount)
            for code, amount in shares.items())
    project.save(update_fields=["updated_at"])
    after = budget_summary(project)["total"]
    record_event(actor=by, action="budget.set", obj=project,
                 changes={"budget_total": [str(before), str(after)]},
                 summary=_("%(n)s budget lines") % {"n": len(parsed)})
    return budget_summary(project)


def _replace_financiers(project: Project, financiers: list[dict[str, Any]], errors: Errors) -> None:
    parties = {p.code: p for p in Party.objects.all()}
    seen = set()
    rows = []
    for index, entry in enumerate(financiers):
        at = f"financiers[{index}]"
        code = str(entry.get("code") or "").strip()
        if not code or code in seen:
            errors[f"{at}.code"] = [_("Give a unique code.")]
            continue
        seen.add(code)
        key = entry.get("allocation_key", Financier.Key.SINGLE)
        if key not in Financier.Key.values:
            errors[f"{at}.allocation_key"] = [_("Unknown allocation key.")]
        unknown = [c for c in entry.get("parties", []) if c not in parties]
        if unknown:
            errors[f"{at}.parties"] = [_("Unknown parties: %(p)s") % {"p": ", ".join(unknown)}]
        if not entry.get("parties"):
            errors[f"{at}.parties"] = [_("A financier has at least one party.")]
        percentages = entry.get("percentages") or {}
        if key == Financier.Key.PERCENT:
            try:
                total = sum(Decimal(str(v)) for v in percentages.values())
            except InvalidOperation:
                total = None
            if total != 100 or set(percentages) != set(entry.get("parties", [])):
                errors[f"{at}.percentages"] = [_("Give every party a percentage; they add up "
                                                 "to 100.")]
        rows.append((index, code, entry, key, percentages))
    if errors:
        return
    project.budget_lines.all().delete()
    project.financiers.all().delete()
    for index, code, entry, key, percentages in rows:
        financier = Financier.objects.create(
            project=project, code=code, name=str(entry.get("name") or code)[:200],
            allocation_key=key, position=index + 1,
            percentages={k: str(v) for k, v in percentages.items()})
        financier.parties.set([parties[c] for c in entry["parties"]])


def budget_summary(project: Project, year: int | None = None) -> dict[str, Any]:
    """Lines, total, total per financier and what each party pays (with the key used)."""
    financiers = list(project.financiers.prefetch_related("parties"))
    lines = list(project.budget_lines.prefetch_related("shares__financier"))
    by_financier = {f.code: Decimal(0) for f in financiers}
    for line in lines:
        for share in line.shares.all():
            by_financier[share.financier.code] += share.amount
    year = year or (project.start_date.year if project.start_date else None)
    allocation_rows = []
    per_party: dict[str, Decimal] = {}
    problems = []
    for financier in financiers:
        amount = by_financier[financier.code].to_integral_value()
        parties = list(financier.parties.all().order_by("name"))
        try:
            percentages = {p: Decimal(financier.percentages.get(p.code, "0")) for p in parties}
            parts = allocation.allocate(key=financier.allocation_key, total=amount,
                                        parties=parties, year=year, percentages=percentages)
        except ValidationError as exc:
            problems.append(f"{financier.name}: {' '.join(exc.messages)}")
            continue
        for party, part in parts.items():
            allocation_rows.append({"financier": financier.code, "party": party.code,
                                    "party_name": party.name, "amount": part,
                                    "key": financier.allocation_key,
                                    "key_label": financier.get_allocation_key_display()})
            per_party[party.code] = per_party.get(party.code, Decimal(0)) + part
    return {
        "lines": lines, "financiers": financiers,
        "total": sum((line.total for line in lines), Decimal(0)),
        "by_financier": by_financier, "allocation": allocation_rows, "per_party": per_party,
        "year": year, "problems": problems,
    }
