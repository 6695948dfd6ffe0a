from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # SQLite's append-only DELETE triggers ask a function of the connection whether
        # a flush is under way (accord.core.append_only).
        from django.db.backends.signals import connection_created

        from accord.core.append_only import sqlite_functions_register

        connection_created.connect(sqlite_functions_register, dispatch_uid="core_append_only")
