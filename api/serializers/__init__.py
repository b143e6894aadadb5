"""API serializers by area: projects and their lifecycle, documents, governance, money.

The project serializers are importable from here (``from api import serializers as s``), as
is the shared ``StrictFieldsMixin``.
"""

from api.serializers.base import StrictFieldsMixin
from api.serializers.projects import (
    AuditEventSerializer,
    CancelSerializer,
    ChecklistAnswerItemSerializer,
    ChecklistAnswersSerializer,
    ChecklistItemSerializer,
    ChecklistSerializer,
    DecisionRequestSerializer,
    DecisionResultSerializer,
    EmptySerializer,
    GateDecisionSerializer,
    ProjectSerializer,
    SteeringGroupMemberSerializer,
)

__all__ = [
    "AuditEventSerializer", "CancelSerializer", "ChecklistAnswerItemSerializer",
    "ChecklistAnswersSerializer", "ChecklistItemSerializer", "ChecklistSerializer",
    "DecisionRequestSerializer", "DecisionResultSerializer", "EmptySerializer",
    "GateDecisionSerializer", "ProjectSerializer", "SteeringGroupMemberSerializer",
    "StrictFieldsMixin",
]
