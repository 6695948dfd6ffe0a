from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "accord.stakeholders"
    label = "stakeholders"
    verbose_name = _("Stakeholder map")
