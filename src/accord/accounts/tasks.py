"""Background work for accounts: the password-reset email, sent by the worker so that a
reset request takes the same time for a known and an unknown email (throttling.py)."""

from __future__ import annotations

from django.tasks import task

from accord.accounts.services import password_reset_email_send


@task
def password_reset_send(email: str) -> int:
    return password_reset_email_send(email=email)
