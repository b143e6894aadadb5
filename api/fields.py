from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portfolio.numbers import NotANumber, parse_decimal


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "09:00",
                      "nullable": True})
class ClockTimeField(serializers.TimeField):
    """A time of day without a zone (a meeting at 09:00 local time). OpenAPI's "time" format
    demands a zone offset, so the schema says what the value really is."""


class DecimalCommaField(serializers.DecimalField):
    """A decimal string as Swedish people write it is accepted too: "2,5", "150 000,50",
    "−3" (portfolio.numbers). Responses are unchanged: decimal strings with a dot (API.md)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = str(parse_decimal(data))
            except NotANumber:
                pass  # the standard field names it as invalid, in the request's language
        return super().to_internal_value(data)
