from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    label = "meetings"
    verbose_name = _("Meetings and calendars")

    def ready(self) -> None:
        # Attendance is voice: the rebuild of the voice tallies reads it from here.
        from accord.meetings.selectors import attendance_voice_rows
        from accord.partnerships.services.voice import voice_source_register

        voice_source_register(attendance_voice_rows)
