"""Email each person a digest of their unread notifications not yet emailed (run daily)."""

from __future__ import annotations

from collections import defaultdict

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.notifications.models import Notification
from accord.notifications.selectors import digest_pending
from accord.notifications.services import absolute_url, recipient_language


def _line(n: Notification) -> str:
    return f"- {n.text}" + (f"\n  {absolute_url(n.url)}" if n.url else "")


class Command(BaseCommand):
    help = "Send one email per person with their unread, not yet emailed, unresolved notifications."

    def handle(self, *args: object, **options: object) -> None:
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for n in digest_pending():
            by_user[n.user_id].append(n)
        for items in by_user.values():
            user = items[0].user
            body = "\n".join(_line(n) for n in items)
            with translation.override(recipient_language(user)):  # in the reader's language
                subject = ngettext(
                    "Accord: %(count)d update", "Accord: %(count)d updates", len(items)
                ) % {"count": len(items)}
                greeting = _("Hello %(name)s,") % {"name": user.get_short_name()}
            send_mail(subject, f"{greeting}\n\n{body}\n", None, [user.email])
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                emailed_at=timezone.now()
            )
        self.stdout.write(f"Sent {len(by_user)} digest(s).")
