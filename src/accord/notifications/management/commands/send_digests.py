"""Email each person a digest of their unread notifications not yet emailed (run daily)."""

from __future__ import annotations

from collections import defaultdict

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from accord.notifications.models import Notification


class Command(BaseCommand):
    help = "Send one email per person with their unread, not yet emailed notifications."

    def handle(self, *args: object, **options: object) -> None:
        pending = Notification.objects.filter(
            read_at__isnull=True, emailed_at__isnull=True
        ).select_related("user")
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for n in pending:
            by_user[n.user_id].append(n)
        for items in by_user.values():
            user = items[0].user
            body = "\n".join(f"- {n.text}" for n in items)
            send_mail(
                f"Accord: {len(items)} update(s)",
                f"Hello {user.get_short_name()},\n\n{body}\n",
                None,
                [user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                emailed_at=timezone.now()
            )
        self.stdout.write(f"Sent {len(by_user)} digest(s).")
