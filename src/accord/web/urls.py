from django.urls import path

from accord.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    # After every app's p/<slug>/… pages (see accord/urls.py): the overview composes them.
    path("p/<slug:slug>/", views.partnership_home, name="partnership_home"),
]
