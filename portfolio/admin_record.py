"""The committee's record in the admin: shown for support and inspection, never written.

Cases, their documents, decision points and minutes have their own pages and API, where the
case-number sequence, the upload checks and the lock on adjusted minutes apply; an admin form
would be a way around them, so these admins only show."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portfolio.admin import ReadOnlyAdmin, ReadOnlyInline
from portfolio.models import Attendance, Case, CaseDocument, Minutes


class CaseDocumentInline(ReadOnlyInline):
    model = CaseDocument
    # The file itself is served only by the authorized download view, never a media link.
    fields = ["kind", "title", "dated", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Registered on the case pages or with POST /api/v1/cases/ (one number sequence)."""

    list_display = ["number", "kind", "title", "committee", "project"]
    list_filter = ["committee", "kind", "year"]
    search_fields = ["title", "external_reference"]
    list_select_related = ["committee", "project"]
    fields = ["committee", "year", "seq", "kind", "title", "external_reference", "project",
              "created_at"]
    inlines = [CaseDocumentInline]

    @admin.display(description=_("case number"), ordering="seq")
    def number(self, obj: Case) -> str:
        return obj.number


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["party", "name", "role", "present", "replaces"]


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    """Kept and adjusted on the meeting's minutes page; locked once adjusted."""

    list_display = ["meeting", "state", "adjusted_on", "notice_posted_on"]
    list_filter = ["state"]
    list_select_related = ["meeting__committee"]
    fields = ["meeting", "chair", "secretary", "adjusters", "adjusted_on", "kept_at", "state",
              "approved_at", "approved_by", "notice_posted_on"]
    inlines = [AttendanceInline]
