from csp.decorators import csp_replace
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from api import documents, governance, money, overview, record, reports, views
from api.atom import AnnouncementsAtomView, DecisionsAtomView
from api.feed import FeedView
from api.ping import PingView

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("templates", documents.TemplateViewSet, basename="template")
router.register("extension-requests", governance.ExtensionRequestViewSet,
                basename="extension-request")
router.register("meetings", governance.MeetingViewSet, basename="meeting")
router.register("cases", record.CaseViewSet, basename="case")

urlpatterns = [
    path("v1/projects/<int:pk>/directive/", documents.directive, name="directive"),
    path("v1/projects/<int:pk>/directive/versions/", documents.directive_versions,
         name="directive-versions"),
    path("v1/projects/<int:pk>/directive/versions/<str:label>/", documents.directive_version,
         name="directive-version"),
    path("v1/projects/<int:pk>/directive.pdf", documents.directive_pdf, name="directive-pdf"),
    path("v1/projects/<int:pk>/final-report/", documents.final_report, name="final-report"),
    path("v1/projects/<int:pk>/final-report.pdf", documents.final_report_pdf,
         name="final-report-pdf"),
    path("v1/extension-requests/<int:pk>.pdf", documents.extension_request_pdf,
         name="extension-request-pdf"),
    path("v1/projects/<int:pk>/extension-requests/", governance.project_extension_requests,
         name="project-extension-requests"),
    path("v1/meetings/<int:pk>/agenda.pdf", governance.agenda_pdf, name="agenda-pdf"),
    path("v1/control/", governance.internal_control, name="internal-control"),
    path("v1/cases/<int:pk>/documents/", record.case_documents, name="case-documents"),
    path("v1/cases/<int:pk>/documents/<int:document_id>/file", record.CaseDocumentFile.as_view(),
         name="case-document-file"),
    path("v1/meetings/<int:pk>/minutes/", record.meeting_minutes, name="minutes"),
    path("v1/meetings/<int:pk>/minutes/attendance/", record.meeting_attendance,
         name="minutes-attendance"),
    path("v1/meetings/<int:pk>/minutes/approve/", record.meeting_minutes_approve,
         name="minutes-approve"),
    path("v1/meetings/<int:pk>/minutes.pdf", record.MinutesPdf.as_view(), name="minutes-pdf"),
    path("v1/meetings/<int:pk>/items/<int:item_id>/proposal/", record.item_proposal,
         name="item-proposal"),
    path("v1/meetings/<int:pk>/items/<int:item_id>/decision/", record.item_decision,
         name="item-decision"),
    path("v1/meetings/<int:pk>/items/<int:item_id>/confirm/", record.item_confirm,
         name="item-confirm"),
    path("v1/announcements/", record.AnnouncementList.as_view(), name="announcements"),
    path("v1/projects/<int:pk>/budget/", money.project_budget, name="project-budget"),
    path("v1/price-list/", money.price_list, name="price-list"),
    path("v1/allocation/", money.allocation_preview, name="allocation"),
    path("v1/committees/<str:code>/base-fee/", money.base_fee, name="base-fee"),
    path("v1/committees/<str:code>/base-fees/", money.base_fees, name="base-fees"),
    path("v1/committees/<str:code>/base-fees/<int:year>/", money.base_fee_year,
         name="base-fee-year"),
    path("v1/committees/<str:code>/carry-overs/", money.carry_overs, name="carry-overs"),
    path("v1/time-entries/", money.time_entries, name="time-entries"),
    path("v1/time-entries/invoicing/", money.invoicing, name="invoicing"),
    path("v1/reports/follow-up/", reports.follow_up, name="follow-up"),
    path("v1/reports/follow-up/narratives/", reports.follow_up_narratives,
         name="follow-up-narratives"),
    path("v1/outcomes/import/", reports.outcomes_import, name="outcomes-import"),
    path("v1/outcomes/imports/<int:pk>/", reports.outcomes_import_status,
         name="outcomes-import-status"),
    path("v1/me/work/", overview.my_work, name="my-work"),
    path("v1/committees/<str:code>/overview/", overview.committee_overview_view,
         name="committee-overview"),
    path("v1/ping/", PingView.as_view(), name="ping"),
    path("v1/feed/", FeedView.as_view(), name="feed"),
    path("v1/feed/decisions.atom", DecisionsAtomView.as_view(), name="feed-decisions"),
    path("v1/notifications/", include("api.notifications")),
    path("v1/feed/announcements.atom", AnnouncementsAtomView.as_view(),
         name="feed-announcements"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Split: Swagger UI's start script is a file of its own, so the CSP needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    # Redoc starts with an inline script and renders in a blob: worker; only this page.
    path("redoc/", csp_replace({"script-src": ["'self'", "'unsafe-inline'"],
                                "worker-src": ["'self'", "blob:"]})(
        SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
]
