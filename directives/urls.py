from django.urls import path

from directives import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/<slug:slug>/", views.document_page, name="page"),
    path("<int:pk>/<slug:slug>/pdf/", views.document_pdf, name="pdf"),
    path("<int:pk>/<slug:slug>/versions/", views.versions, name="versions"),
    path("<int:pk>/<slug:slug>/versions/<str:label>/", views.show_version, name="version"),
    path("<int:pk>/<slug:slug>/requirements/", views.answer_requirement, name="requirements"),
    path("<int:pk>/<slug:slug>/sections/<slug:key>/", views.edit_section, name="edit"),
]
