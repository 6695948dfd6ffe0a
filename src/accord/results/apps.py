from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "accord.results"
    label = "results"
    verbose_name = _("Results and accountability")

    def ready(self) -> None:
        # SQLite's guard triggers ask a function of the connection whether a flush is
        # under way (accord.results.database_guards).
        from django.db.backends.signals import connection_created

        from accord.results.database_guards import sqlite_functions_register

        connection_created.connect(sqlite_functions_register, dispatch_uid="results_guards")
