from django.urls import path

from accord.interop import views

app_name = "interop"

urlpatterns = [
    path("p/<slug:slug>/iati.xml", views.iati_export, name="iati_export"),
    path("p/<slug:slug>/iati/", views.iati_settings, name="iati_settings"),
    path("iati/import/", views.iati_import, name="iati_import"),
]
