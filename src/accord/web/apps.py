from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "accord.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from django.core import checks

        from accord.web.partnership_templates.checks import check_partnership_templates

        checks.register(check_partnership_templates)
