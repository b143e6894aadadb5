from .audit import AuditEvent, AuditTrailIsAppendOnly
from .cases import Attendance, Case, CaseDocument, DecisionPoint, Minutes
from .decisions import ChecklistAnswer, GateDecision
from .extensions import ExtensionRequest, FinalReportRequirement
from .meetings import AgendaItem, Meeting
from .money import (
    BaseFee,
    BudgetLine,
    BudgetShare,
    CarryOver,
    Financier,
    FollowUpNarrative,
    PriceListRate,
    TimeEntry,
)
from .organisations import Committee, CommitteeMembership, CommitteeRole, Party, PopulationFigure
from .outcomes import (
    CommitteeMonth,
    CostObject,
    CostObjectCosts,
    Forecast,
    MonthlyBudget,
    Outcome,
    OutcomeImport,
    OutcomeImportLock,
)
from .projects import CaseNumberSequence, Project, SteeringGroupMember

__all__ = [
    "CommitteeMonth", "CostObject", "CostObjectCosts", "Forecast", "MonthlyBudget", "Outcome", "OutcomeImport", "OutcomeImportLock",
    "AgendaItem", "Attendance", "BaseFee", "CarryOver", "Case", "CaseDocument", "DecisionPoint",
    "FollowUpNarrative", "Minutes",
    "AuditEvent", "AuditTrailIsAppendOnly", "BudgetLine", "BudgetShare", "CaseNumberSequence",
    "ChecklistAnswer", "Committee", "CommitteeMembership", "CommitteeRole", "ExtensionRequest",
    "FinalReportRequirement", "Financier", "GateDecision", "Meeting", "Party", "PopulationFigure",
    "PriceListRate", "Project", "SteeringGroupMember", "TimeEntry",
]
