from django.urls import path

from accord.surveys import views

app_name = "surveys"

urlpatterns = [
    path("<slug:slug>/surveys/", views.wave_list, name="wave_list"),
]
