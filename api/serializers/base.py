"""What every input serializer of the API shares."""

from rest_framework import serializers


class StrictFieldsMixin:
    """Refuse fields that cannot be written (e.g. ``state``) instead of silently dropping them."""

    def validate(self, attrs):
        writable = {name for name, f in self.fields.items() if not f.read_only}
        unknown = sorted(set(getattr(self, "initial_data", {}) or {}) - writable)
        if unknown:
            raise serializers.ValidationError(
                {name: ["This field is read-only or unknown; state changes only through "
                        "transitions and decisions." if name == "state"
                        else "This field is read-only or unknown."] for name in unknown})
        return super().validate(attrs)
