"""Notifications: the signed-in person's own list and mail preference."""

from django.conf import settings
from rest_framework import serializers

from api.serializers.base import StrictFieldsMixin
from notifications.models import Notification, NotificationPreference


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True,
                                 help_text="In the site's language (Swedish).")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    link = serializers.CharField(read_only=True, help_text="Path of the page it is about.")
    project = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "text", "link", "project", "created_at", "read_at",
                  "read", "mailed_at"]
        read_only_fields = fields

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationPreferenceSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    delivery = serializers.ChoiceField(choices=NotificationPreference.Delivery.choices,
                                       help_text="immediate: one mail each; digest: one a day.")
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES],
                                       help_text="Language of the mails.")

    class Meta:
        model = NotificationPreference
        fields = ["delivery", "language"]
