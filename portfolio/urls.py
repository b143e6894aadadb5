from django.urls import path

from portfolio.views import governance, money
from portfolio.views import projects as views

app_name = "portfolio"
urlpatterns = [
    path("", views.portfolio_list, name="list"),
    path("new/", views.new_project, name="new"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/gates/<str:gate>/", views.decide, name="decide"),
    path("<int:pk>/events/", views.project_events, name="events"),
    path("<int:pk>/steering-group/confirm/", views.confirm_steering_group,
         name="confirm-steering-group"),
    path("<int:pk>/extensions/new/", governance.extension_create, name="extension-new"),
    path("extensions/<int:pk>/<str:name>/", governance.extension_transition,
         name="extension-transition"),
    path("meetings/", governance.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", governance.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/build-agenda/", governance.meeting_build_agenda, name="build-agenda"),
    path("meetings/<int:pk>/items/", governance.meeting_add_item, name="add-item"),
    path("meetings/<int:pk>/items/<int:item_id>/decide/", governance.meeting_decide_item,
         name="decide-item"),
    path("meetings/<int:pk>/agenda.pdf", governance.meeting_agenda_pdf, name="agenda-pdf"),
    path("meetings/<int:pk>/items/<int:item_id>/extract.pdf", governance.minutes_extract_pdf,
         name="minutes-extract"),
    path("steering/", governance.steering_desk, name="steering"),
    path("control/", governance.internal_control, name="control"),
    path("economy/", money.economy, name="economy"),
    path("economy/report/", money.economy_pdf, name="economy-report"),
    path("economy/narrative/", money.economy_narrative, name="economy-narrative"),
    path("time/", money.time_page, name="time"),
    path("<int:pk>/budget/", money.budget_page, name="budget"),
]
