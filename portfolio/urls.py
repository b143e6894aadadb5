from django.urls import path

from portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.portfolio_list, name="list"),
    path("new/", views.new_project, name="new"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/gates/<str:gate>/", views.decide, name="decide"),
    path("<int:pk>/events/", views.project_events, name="events"),
]
