"""Sign-in and password-reset throttling that slows an attacker without locking out the
account's owner (issue 15, item 7; docs/decisions/0007-throttling.md).

Three rules, each counted in the cache over a sliding window:

- **Per account** (the email typed): after ``LOGIN_FAILURE_LIMIT`` failures, every further
  try must wait a delay that doubles with each failure, up to ``LOGIN_MAX_DELAY_SECONDS``.
  The owner is slowed at worst by that cap, never locked out, and an attacker guessing one
  account gets a handful of tries an hour.
- **Per client address**: the same, after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures whatever
  the accounts, so that spraying passwords over many accounts from one address is slowed.
  A successful sign-in does not clear it (an attacker could sign in to their own account).
- **Password-reset emails**: at most ``RESET_EMAILS_PER_ADDRESS`` requests an hour from one
  address (refused with the same answer as any other) and ``RESET_EMAILS_PER_ACCOUNT``
  emails an hour to one account (counted by the background task that sends them).

The client address is the one the trusted proxies saw: ``ACCORD_TRUSTED_PROXIES`` (default
0) says how many reverse proxies stand in front of Accord, and the address is read that
many hops from the right of ``X-Forwarded-For``. Behind the operator guide's nginx it is 1;
without it every client would have the proxy's address.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

_HOUR = 3600


def client_address(request: Any) -> str:
    """The client's address, ``ACCORD_TRUSTED_PROXIES`` hops from the right of the chain
    (``X-Forwarded-For`` followed by the connection's own address)."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in forwarded if part] + [remote]
    # The last ``proxies`` entries were written by our proxies (the right-most one is the
    # proxy's own connection); the entry before them is what the outermost proxy saw.
    candidate = chain[-(proxies + 1)] if len(chain) > proxies else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


@dataclass(frozen=True)
class _Counter:
    """Failures counted in the cache: how many, and when the last one happened."""

    key: str
    free: int

    def read(self) -> tuple[int, float]:
        count, last = cache.get(self.key, (0, 0.0))
        return int(count), float(last)

    def wait_seconds(self, now: float) -> int:
        count, last = self.read()
        if count < self.free:
            return 0
        delay = min(2 ** (count - self.free), settings.LOGIN_MAX_DELAY_SECONDS)
        return max(0, int(last + delay - now + 0.999))

    def add(self, now: float) -> None:
        count, _ = self.read()
        cache.set(self.key, (count + 1, now), settings.LOGIN_FAILURE_WINDOW_SECONDS)

    def clear(self) -> None:
        cache.delete(self.key)


def _account(email: str) -> _Counter:
    return _Counter(f"signin-fail:account:{email.strip().lower()}", settings.LOGIN_FAILURE_LIMIT)


def _address(address: str) -> _Counter:
    return _Counter(f"signin-fail:address:{address}", settings.LOGIN_ADDRESS_FAILURE_LIMIT)


def signin_wait(*, email: str, address: str, now: float | None = None) -> int:
    """Seconds to wait before the next sign-in try for this account from this address;
    0 when a try is allowed now."""
    now = time.time() if now is None else now
    return max(_account(email).wait_seconds(now), _address(address).wait_seconds(now))


def signin_failure_record(*, email: str, address: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    _account(email).add(now)
    _address(address).add(now)


def signin_success(*, email: str) -> None:
    """The owner signed in: the account's count starts again (the address's does not)."""
    _account(email).clear()


def _hourly_allowance(key: str, limit: int) -> bool:
    """Count one use of an hourly allowance; False once ``limit`` uses are spent."""
    cache.add(key, 0, _HOUR)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _HOUR)
        used = 1
    return used <= limit


def reset_request_allowed(*, address: str) -> bool:
    """One more password-reset request from this address this hour?"""
    return _hourly_allowance(f"reset:address:{address}", settings.RESET_EMAILS_PER_ADDRESS)


def reset_email_allowed(*, email: str) -> bool:
    """One more password-reset email to this account this hour?"""
    key = f"reset:account:{email.strip().lower()}"
    return _hourly_allowance(key, settings.RESET_EMAILS_PER_ACCOUNT)
