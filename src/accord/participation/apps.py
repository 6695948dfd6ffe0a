from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "accord.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        # Issues and statements are voice; the tallies' rebuild reads them from here.
        from accord.participation.voice_sources import participation_voice_rows
        from accord.partnerships.services.voice import voice_source_register

        voice_source_register(participation_voice_rows)
        # A round can be opened by a decision under the partnership's rule.
        from accord.decisions.subject_hooks import effect_hook_register
        from accord.participation.services import round_opening_effect

        effect_hook_register(round_opening_effect)
