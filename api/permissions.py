from rest_framework.permissions import BasePermission

from portfolio import permissions


class CanReadAuditTrail(BasePermission):
    message = "Only the project's roles, the committee and its auditors read the audit trail."

    def has_object_permission(self, request, view, obj):
        return permissions.can_read_audit(request.user, obj)
