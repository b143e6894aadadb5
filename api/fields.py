from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "09:00",
                      "nullable": True})
class ClockTimeField(serializers.TimeField):
    """A time of day without a zone (a meeting at 09:00 local time). OpenAPI's "time" format
    demands a zone offset, so the schema says what the value really is."""
