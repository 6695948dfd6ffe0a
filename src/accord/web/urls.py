from django.urls import path

from accord.web import views
from accord.web.digests import views as digest_views
from accord.web.help import views as help_views
from accord.web.partnership_templates import views as template_views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", help_views.help_index, name="help_index"),
    path("help/<slug:name>/", help_views.help_page, name="help_page"),
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
    path("digest/", digest_views.digest_preferences, name="digest_preferences"),
    path(
        "digest/unsubscribe/<str:token>/",
        digest_views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    # After every app's p/<slug>/… pages (see accord/urls.py): the overview composes them.
    path("p/<slug:slug>/", views.partnership_home, name="partnership_home"),
]
