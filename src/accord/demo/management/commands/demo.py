from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from accord.demo.loader import DEMO_LOGINS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo partnerships (idempotent) and print the demo logins."

    def handle(self, *args: object, **options: object) -> None:
        # The demo's invitations, votes and outcomes notify people in-app as usual, but
        # their emails (to invented addresses) would bury the logins printed below.
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
        ):
            created = load_demo()
        self.stdout.write(
            "Demo data loaded." if created else "Demo data already present; nothing changed."
        )
        self.stdout.write(f"\nDemo logins (DEMO ONLY — password for all: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:38} {login.role}")
