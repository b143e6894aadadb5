"""Numbers as Swedish people type and read them: "2,5" hours, "150 000,50 kr".

Parsing is deliberately independent of the active language and of Django's
``USE_THOUSAND_SEPARATOR``/``localize`` machinery: that machinery strips the locale's
thousands separator before parsing, so under some locales a pasted "200,5" or "200.5" turns
into 2005. Here a comma or a dot is a decimal mark, never a thousands separator, and only
spaces group thousands ("150 000,50"), so no input silently changes its magnitude.
"""

import decimal
import re
from decimal import Decimal

from django.utils import formats

# Spaces people (and spreadsheets) put between thousands: ordinary, no-break, narrow no-break,
# thin and figure spaces.
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009\u2007")
# Minus signs other than the ASCII hyphen-minus: U+2212 (typographic minus), en dash.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_PLAIN = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


class NotANumber(ValueError):
    """The text is not a number a person could have meant."""


def parse_decimal(text: str) -> Decimal:
    """``"2,5"`` → 2.5, ``"150 000,50"`` → 150000.50, ``"−3"`` → -3, ``"200.5"`` → 200.5.

    Raises NotANumber for anything else: two decimal marks ("1.234,5"), letters, digits
    other than 0–9 ("²"), "Infinity", "NaN".
    """
    cleaned = text.strip().translate(_GROUPING).translate(_MINUS)
    # ASCII digits only: str.isdigit() and Decimal() accept "²" and other Unicode digits.
    if not cleaned.isascii() or not _PLAIN.fullmatch(cleaned):
        raise NotANumber(text)
    try:
        return Decimal(cleaned.replace(",", "."))
    except decimal.InvalidOperation as exc:  # pragma: no cover - the pattern rules it out
        raise NotANumber(text) from exc


def format_decimal(value, decimal_pos: int | None = None) -> str:
    """A number for a page in the current language: "150 000,50" in Swedish (no-break space
    between thousands, so a number never wraps), "150,000.50" in English."""
    if value in (None, ""):
        return ""
    if not isinstance(value, Decimal):
        try:
            value = parse_decimal(str(value))
        except NotANumber:
            return str(value)
    if not value.is_finite():
        return str(value)
    return formats.number_format(value, decimal_pos, use_l10n=True, force_grouping=True)


def format_input(value) -> str:
    """A number to put back into a text input: decimal comma, no grouping ("150000,5"), so
    what is shown is what parse_decimal reads back, in either language."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        return value  # what the person typed, kept as typed
    text = format(Decimal(value).normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")
