"""Links and compression (issue 14, item 13): `make run` and `accord serve` print the
address really served, emails link to the configured base URL (tests/notifications), and
pages are compressed when the client accepts it."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from accord import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", "8000", "http://127.0.0.1:8000/"),
        ("127.0.0.1", 8765, "http://127.0.0.1:8765/"),
        ("0.0.0.0", "9000", "http://127.0.0.1:9000/"),  # noqa: S104
        ("::", "9000", "http://[::1]:9000/"),
        ("accord.example.org", "80", "http://accord.example.org:80/"),
    ],
)
def test_serve_url(host, port, url):
    assert cli.serve_url(host, port) == url


def test_serve_prints_the_address_of_the_port_it_binds(monkeypatch, capsys):
    """With ACCORD_PORT=8765, serve binds 8765 and says so (it used to be `make run` that
    printed 8000 whatever the port)."""
    import django.core.management

    monkeypatch.setenv("ACCORD_PORT", "8765")
    monkeypatch.setattr(django.core.management, "call_command", lambda *a, **k: None)
    monkeypatch.setattr(cli, "_warm_up_engine_kernels", lambda: None)
    bound: list[str] = []

    def supervise(web_command, worker_command):
        bound.append(web_command[web_command.index("--bind") + 1])
        return 0

    monkeypatch.setattr(cli, "supervise", supervise)
    assert cli.serve(["--demo", "--no-migrate", "--no-worker"]) == 0
    assert bound == ["127.0.0.1:8765"]
    assert "Accord is serving on http://127.0.0.1:8765/" in capsys.readouterr().out


def test_make_run_prints_no_address_of_its_own():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "8000" not in recipe and "accord serve" in recipe


def test_base_url_follows_the_port_unless_set():
    code = "from django.conf import settings; print(settings.ACCORD_BASE_URL)"
    env = {k: v for k, v in os.environ.items() if k != "ACCORD_BASE_URL"}
    env |= {"ACCORD_PORT": "8765", "DJANGO_SETTINGS_MODULE": "accord.settings"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "http://127.0.0.1:8765"
    env["ACCORD_BASE_URL"] = "https://accord.example.org"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "https://accord.example.org"


@pytest.mark.django_db
def test_pages_are_compressed_when_the_client_accepts_it(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("web:partnership_home", args=[world.partnership.slug])
    plain = client.get(url)
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(plain.content) / 2
    # The same page (up to the CSRF token, masked anew in every response).
    assert len(gzip.decompress(zipped.content)) == len(plain.content)


@pytest.mark.django_db
def test_password_emails_link_to_the_configured_address(client, world, settings):
    """Both password emails link to ACCORD_BASE_URL, whatever host the request named (the
    set-password mail had 127.0.0.1:8000 written in)."""
    from django.core import mail

    from accord.accounts import services as account_services

    settings.ACCORD_BASE_URL = "https://accord.example.org/"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.post(reverse("accounts:password_reset"), {"email": "coord@county.test"})
    account_services.user_send_set_password(user=world.users["staff"])
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "https://accord.example.org/accounts/reset/" in message.body
        assert "testserver" not in message.body and "127.0.0.1" not in message.body
