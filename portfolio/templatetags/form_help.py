"""Template helpers for forms that help: field error attributes and messages, and numbers as
Swedish people read them ("150 000,50 kr")."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from portfolio.numbers import format_decimal, format_input

register = template.Library()


def _key(parts) -> str:
    return "-".join(str(p) for p in parts if p not in (None, ""))


@register.simple_tag
def field_attrs(errors, *parts) -> SafeString:
    """``id`` of an input and, when it was refused, ``aria-invalid`` and
    ``aria-describedby`` pointing at its message (``field_error`` with the same parts)."""
    key = _key(parts)
    if errors and key in errors.fields:
        return format_html('id="id_{}" aria-invalid="true" aria-describedby="id_{}-error"',
                           key, key)
    return format_html('id="id_{}"', key)


@register.simple_tag
def field_error(errors, *parts) -> SafeString:
    """The field's messages, beside it; nothing when it was not refused."""
    key = _key(parts)
    if not errors or key not in errors.fields:
        return mark_safe("")
    return format_html('<span class="field-error" id="id_{}-error">{}</span>', key,
                       " ".join(errors.fields[key]["messages"]))


@register.filter
def num(value, decimal_pos=None) -> str:
    """``150000.5|num:2`` → "150 000,50" in Swedish, "150,000.50" in English."""
    return format_decimal(value, None if decimal_pos in (None, "") else int(decimal_pos))


@register.filter
def kr(value, decimal_pos=0) -> str:
    """An amount in kronor: ``150000.5|kr:2`` → "150 000,50 kr"; nothing for no amount."""
    text = format_decimal(value, None if decimal_pos in (None, "") else int(decimal_pos))
    return f"{text}\u00a0kr" if text else ""


@register.filter
def as_input(value) -> str:
    """A number for a text input with a decimal comma ("2,5"); typed text stays as typed."""
    return format_input(value)
