"""What each content kind of a template section holds, how it is checked and when it is empty.

Content is stored as JSON in a document version; money and hours as decimal strings.
"""

import datetime
from decimal import Decimal, InvalidOperation

from directives import defaults

MAX_TEXT = 50_000          # characters in one text field: a long directive section is ~10 000
MAX_ROWS = 200             # rows in one table section

ROW_FIELDS = {
    defaults.PEOPLE: ("name", "responsibility"),
    defaults.BUDGET: ("activity", "total", "note"),
    defaults.RESOURCE_HOURS: ("resource", "hours", "note"),
    defaults.RISKS: ("risk", "consequence", "action"),
    defaults.GOALS: ("goal", "measures"),
}
NUMERIC_FIELDS = {"total", "hours"}
# Optional on a budget row: the row's split between financiers ({"Region JH": "400000", …}),
# kept as the directive's own columns ("Totalt kr | RegionJH | Kommunerna").
SHARES = "shares"
MAX_SHARE_COLUMNS = 10


class ContentError(ValueError):
    pass


def _text(value, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ContentError(f"{where}: expected text.")
    if len(value) > MAX_TEXT:
        raise ContentError(f"{where}: at most {MAX_TEXT} characters ({len(value)} given).")
    return value.replace("\r\n", "\n")


def _decimal(value, where: str) -> str:
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ContentError(f"{where}: {value!r} is not a number.") from exc
    if not number.is_finite() or number < 0 or number > Decimal("1e12"):
        raise ContentError(f"{where}: must be a number from 0 up.")
    return str(number)


def _date(value, where: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise ContentError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from exc


def _shares(value, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or len(value) > MAX_SHARE_COLUMNS:
        raise ContentError(f"{where}: expected an object of at most {MAX_SHARE_COLUMNS} "
                           "financiers and amounts.")
    shares = {}
    for name, amount in value.items():
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            raise ContentError(f"{where}: a financier is named by text of at most 100 "
                               "characters.")
        shares[name.strip()] = _decimal(amount, f"{where}.{name.strip()}")
    return shares


def clean(kind: str, value, where: str, price_resources: set[str] | None = None):
    """Return the normalised content of a section of ``kind`` or raise ContentError."""
    if kind == defaults.TEXT:
        return _text(value, where)
    if kind == defaults.DATE_RANGE:
        if value is None:
            return {"start": None, "end": None}
        if not isinstance(value, dict) or set(value) - {"start", "end"}:
            raise ContentError(f"{where}: expected {{\"start\", \"end\"}}.")
        start, end = _date(value.get("start"), where + ".start"), _date(value.get("end"), where + ".end")
        if start and end and end < start:
            raise ContentError(f"{where}: the end is before the start.")
        return {"start": start, "end": end}
    if kind in ROW_FIELDS:
        if value is None:
            return []
        if not isinstance(value, list):
            raise ContentError(f"{where}: expected a list of rows.")
        if len(value) > MAX_ROWS:
            raise ContentError(f"{where}: at most {MAX_ROWS} rows.")
        fields = ROW_FIELDS[kind]
        rows = []
        for index, row in enumerate(value):
            at = f"{where}[{index}]"
            if not isinstance(row, dict):
                raise ContentError(f"{at}: expected an object with {', '.join(fields)}.")
            unknown = set(row) - set(fields) - ({SHARES} if kind == defaults.BUDGET else set())
            if unknown:
                raise ContentError(f"{at}: unknown fields {', '.join(sorted(unknown))}.")
            cleaned: dict[str, str | dict[str, str]] = {}
            for field in fields:
                if field in NUMERIC_FIELDS:
                    cleaned[field] = _decimal(row.get(field), f"{at}.{field}")
                else:
                    cleaned[field] = _text(row.get(field), f"{at}.{field}").strip()
            if kind == defaults.BUDGET and row.get(SHARES):
                cleaned[SHARES] = _shares(row[SHARES], f"{at}.{SHARES}")
            if kind == defaults.RESOURCE_HOURS and cleaned["resource"] and price_resources is not None \
                    and cleaned["resource"] not in price_resources:
                raise ContentError(f"{at}.resource: {cleaned['resource']!r} is not on the price list.")
            if any(cleaned.values()):
                rows.append(cleaned)
        return rows
    raise ContentError(f"{where}: unknown content kind {kind!r}.")


def keep_shares(rows, before) -> list:
    """Budget rows from a form that edits activity, total and note, with each row's split
    taken over from the row of the same activity before."""
    splits = {row.get("activity"): row[SHARES] for row in before or []
              if isinstance(row, dict) and row.get(SHARES)}
    return [{**row, SHARES: splits[row["activity"]]} if row.get("activity") in splits else row
            for row in rows]


def is_empty(kind: str, value) -> bool:
    if value in (None, "", [], {}):
        return True
    if kind == defaults.TEXT:
        return not str(value).strip()
    if kind == defaults.DATE_RANGE:
        return not (value.get("start") or value.get("end"))
    return False


def as_text(kind: str, value) -> str:
    """A plain-text rendering, used for comparing versions."""
    if is_empty(kind, value):
        return ""
    if kind == defaults.TEXT:
        return value
    if kind == defaults.DATE_RANGE:
        return f"{value.get('start') or '…'} – {value.get('end') or '…'}"
    return "\n".join(" | ".join(str(row.get(f, "")) for f in ROW_FIELDS[kind]) for row in value)
