from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "accord.web"
    label = "web"
    verbose_name = "Web interface"

    def ready(self) -> None:
        from django.core import checks

        from accord.web.partnership_templates.checks import check_partnership_templates

        checks.register(check_partnership_templates)
