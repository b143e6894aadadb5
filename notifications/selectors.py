"""Reads of notifications: a person reads only their own."""

import email
import email.policy
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet

from notifications.models import Notification

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# How the file backend separates the messages it writes into one file.
_SEPARATOR = "\n" + "-" * 79 + "\n"


def notifications_of(user: User) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mail_files_enabled() -> bool:
    return settings.EMAIL_BACKEND == FILE_BACKEND


def mails_of(user: User, *, limit: int = 50) -> list[dict[str, str]]:
    """The mails the file backend wrote to the person (the demo: nothing goes out), newest
    first. Only those addressed to them, told by the recipient header the product sets."""
    folder = Path(settings.EMAIL_FILE_PATH)
    if not mail_files_enabled() or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        for raw in path.read_text(encoding="utf-8", errors="replace").split(_SEPARATOR):
            if not raw.strip():
                continue
            # Bytes: the bodies are 8-bit UTF-8, which the string parser would misread.
            message = email.message_from_bytes(raw.lstrip("\n").encode("utf-8"),
                                               policy=email.policy.default)
            if message.get("X-Portfolio-Recipient") != str(user.pk):
                continue
            body = message.get_body(preferencelist=("plain",))
            found.append({"subject": str(message.get("Subject", "")),
                          "date": str(message.get("Date", "")),
                          "to": str(message.get("To", "")),
                          "body": body.get_content() if body is not None else ""})
            if len(found) >= limit:
                return found
    return found
