from django.urls import path

from accord.surveys import views

app_name = "surveys"

urlpatterns = [
    path("<slug:slug>/surveys/", views.wave_list, name="wave_list"),
    path("<slug:slug>/surveys/new/", views.wave_create, name="wave_create"),
    path("<slug:slug>/surveys/<int:wave_id>/", views.wave_detail, name="wave_detail"),
    path("<slug:slug>/surveys/<int:wave_id>/edit/", views.wave_edit, name="wave_edit"),
    path("<slug:slug>/surveys/<int:wave_id>/answer/", views.wave_answer, name="wave_answer"),
    path("<slug:slug>/surveys/<int:wave_id>/results/", views.wave_results, name="wave_results"),
    path("<slug:slug>/surveys/<int:wave_id>/export/", views.wave_export, name="wave_export"),
    path("<slug:slug>/surveys/<int:wave_id>/remind/", views.wave_remind, name="wave_remind"),
    path("<slug:slug>/surveys/<int:wave_id>/close/", views.wave_close, name="wave_close"),
]
