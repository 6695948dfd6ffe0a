from django.urls import path

from accord.web import views
from accord.web.partnership_templates import views as template_views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "partnership-templates/",
        template_views.partnership_template_list,
        name="partnership_template_list",
    ),
    path(
        "partnership-templates/<slug:key>/new/",
        template_views.partnership_create_from_template,
        name="partnership_create_from_template",
    ),
    # After every app's p/<slug>/… pages (see accord/urls.py): the overview composes them.
    path("p/<slug:slug>/", views.partnership_home, name="partnership_home"),
]
