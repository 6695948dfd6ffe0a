from django.urls import path

from accord.stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("<slug:slug>/stakeholders/", views.stakeholder_map, name="map"),
]
