"""ETag / If-Match for writes that replace what a client read (PATCH a project, PUT its budget).

GET and every successful write answer with the project's version as a strong ``ETag``. A
write may send it back in ``If-Match``: when the project changed in between the write gets
``412`` with ``{"detail", "code": "precondition_failed"}`` and nothing is saved. ``If-Match:
*`` matches any version. Without ``If-Match`` the write goes through as before (API.md v1
clients keep working): clients that must not lose concurrent edits send it.
"""

from django.utils.http import quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from portfolio.services.versions import ANY, version_of

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="The `ETag` from your last GET (or `*`). When the project has changed since, "
                "the write is refused with 412 and nothing is saved. Optional: without it the "
                "write is applied to whatever is current.")
ETAG = OpenApiParameter(
    "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200],
    description="The project's current version (strong tag); send it back in `If-Match`.")
PRECONDITION_FAILED = {412: OpenApiResponse(
    inline_serializer("PreconditionFailed", {"detail": serializers.CharField(),
                                             "code": serializers.CharField()}),
    description="`If-Match` names an old version: someone saved in between; nothing was "
                "saved (`code`: `precondition_failed`)")}


def etag(project) -> str:
    return quote_etag(version_of(project))


def expected_version(request) -> list[str] | None:
    """The versions ``If-Match`` accepts, for the service's ``expected_version``; None when
    the header is absent. Weak tags never match (If-Match compares strongly)."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    if header.strip() == ANY:
        return [ANY]
    versions = []
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            continue
        if len(tag) < 2 or not (tag.startswith('"') and tag.endswith('"')) or '"' in tag[1:-1]:
            raise ValidationError({"If-Match": ['Give the ETag from your last GET, in quotes '
                                                '(e.g. "1717171717000000"), or *.']})
        versions.append(tag[1:-1])
    return versions
