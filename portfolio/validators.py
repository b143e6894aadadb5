"""What a person or a client may send: one place for the sensible date range, whole numbers,
finite decimals and text that can travel in XML (the Atom feed, PDFs, XLSX exports).

Every parser here refuses with a ``ValidationError`` keyed by the field's name, so the API's
exception handler answers 400 naming it and a page can show the same message.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Every date a user enters: decisions, meetings, project and extension dates, time entries.
# Wide enough for the committees' history (1990s) and any plan, narrow enough that a slip of
# the keyboard (0001-01-01, 9999-12-31) is caught before it overflows a time zone or a report.
DATE_MIN = datetime.date(1990, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
YEAR_MIN, YEAR_MAX = DATE_MIN.year, DATE_MAX.year
# Timestamps in filters (updated_since): any question a client may fairly ask, clear of the
# edges where moving between time zones overflows.
FILTER_MIN = datetime.date(1900, 1, 1)
FILTER_MAX = datetime.date(9000, 12, 31)

ASCII_DIGITS = re.compile(r"^[0-9]+$")
# Characters XML 1.0 cannot carry at all (C0 controls except tab, newline and carriage return,
# lone surrogates, U+FFFE/U+FFFF); one of them makes a feed or an export unreadable.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _refuse(field: str | None, message):
    raise ValidationError({field: [message]} if field else message)


def validate_sensible_date(value: datetime.date | None) -> None:
    """Model/form/serializer validator: a date between DATE_MIN and DATE_MAX."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            gettext_lazy("Enter a date between %(min)s and %(max)s.")
            % {"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()}, code="date_range")


def parse_date(text: str | None, *, field: str, required: bool = False) -> datetime.date | None:
    """A YYYY-MM-DD date in the sensible range, or None when empty and not required."""
    text = (text or "").strip()
    if not text:
        if required:
            _refuse(field, _("Enter a date as YYYY-MM-DD."))
        return None
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError:
        _refuse(field, _("Enter a date as YYYY-MM-DD."))
    try:
        validate_sensible_date(value)
    except ValidationError as exc:
        _refuse(field, exc.messages[0])
    return value


def parse_whole_number(text: str | None, *, field: str, minimum: int | None = None,
                       maximum: int | None = None, default: int | None = None) -> int | None:
    """A whole number of ASCII digits: ``int()`` also takes "²"-like digits of other scripts
    (or raises on some of them), which no form or client means to send."""
    text = (text or "").strip() if isinstance(text, str) else text
    if text in (None, ""):
        return default
    if not isinstance(text, str) or len(text) > 18 or not ASCII_DIGITS.match(text):
        _refuse(field, _("Enter a whole number (digits 0–9)."))
    value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if maximum is None:
            _refuse(field, _("Enter a whole number from %(min)s.") % {"min": minimum})
        _refuse(field, _("Enter a whole number from %(min)s to %(max)s.")
                % {"min": minimum if minimum is not None else "…", "max": maximum})
    return value


def parse_year(text: str | None, *, field: str = "year", default: int | None = None) -> int | None:
    return parse_whole_number(text, field=field, minimum=YEAR_MIN, maximum=YEAR_MAX,
                              default=default)


def parse_decimal(text, *, field: str, max_abs: Decimal = Decimal("1e12")) -> Decimal:
    """A finite decimal (no NaN, no Infinity) smaller than ``max_abs`` in magnitude."""
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError, TypeError):
        _refuse(field, _("Enter a number."))
    if not value.is_finite():
        _refuse(field, _("Enter a finite number (not NaN or Infinity)."))
    if abs(value) >= max_abs:
        _refuse(field, _("Enter a number smaller than %(max)s.") % {"max": f"{max_abs:,.0f}"})
    return value


def validate_finite(value) -> None:
    """Model/serializer validator for decimals: NaN and Infinity never get stored."""
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationError(gettext_lazy("Enter a finite number (not NaN or Infinity)."),
                              code="not_finite")


def validate_xml_text(value) -> None:
    """Model/form/serializer validator for text: no control characters XML cannot carry."""
    found = XML_INVALID.search(value) if isinstance(value, str) else None
    if found is not None:
        bad = found.group()
        raise ValidationError(
            gettext_lazy("The text holds a control character (U+%(code)04X) that cannot be "
                         "stored; remove it.") % {"code": ord(bad)}, code="control_character")


def xml_safe(text) -> str:
    """The text without characters XML cannot carry, for rows stored before the validator."""
    return XML_INVALID.sub("", text) if isinstance(text, str) else text


def validate_json_text(value) -> None:
    """validate_xml_text for every string inside a JSON value (document sections)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            validate_xml_text(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def check_instance(model, instance, *, fields=None, exclude=()) -> None:
    """Refuse text that XML cannot carry, dates outside the sensible range and NaN amounts
    on a model instance, naming every bad field (``fields``: only these; ``exclude``: not
    these)."""
    errors = {}
    for field in model._meta.concrete_fields:
        if fields is not None and field.name not in fields and field.attname not in fields:
            continue
        if field.name in exclude:
            continue
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        try:
            if isinstance(field, models.CharField | models.TextField):
                validate_xml_text(value)
            elif isinstance(field, models.JSONField):
                validate_json_text(value)
            elif isinstance(field, models.DecimalField):
                validate_finite(value)
            elif isinstance(field, models.DateField) \
                    and not isinstance(field, models.DateTimeField):
                validate_sensible_date(value)
        except ValidationError as exc:
            errors[field.name] = exc.messages
    if errors:
        raise ValidationError(errors)


def check_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save for every model of the portfolio and directives apps: whatever path a value
    took (API, page, admin, command), text that XML cannot carry, a date outside the sensible
    range or a NaN amount is refused before it is stored, naming the field. The service's
    transaction rolls back with it, so nothing changes."""
    if raw:
        return
    check_instance(sender, instance, fields=update_fields)


def with_input_checks(model) -> None:
    """The same checks in the model's ``clean_fields``, so forms (the admin's too) show them
    as field errors before anything is saved. Fields the form leaves out are excluded there,
    as Django does with its own validators."""
    if getattr(model, "_input_checks", False):
        return
    model._input_checks = True
    original = model.clean_fields

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            original(self, exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            check_instance(type(self), self, exclude=set(exclude or ()) | set(errors))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    model.clean_fields = clean_fields
