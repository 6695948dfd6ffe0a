"""The ``accord`` command.

accord serve [--host H] [--port P] [--workers N] [--demo]
accord demo                      load the demo partnerships (idempotent)
accord <django command> ...      e.g. accord migrate, accord createsuperuser
"""

from __future__ import annotations

import os
import sys


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def serve(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="accord serve", description="Serve Accord with gunicorn (static files by WhiteNoise)."
    )
    parser.add_argument("--host", default=os.environ.get("ACCORD_HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("ACCORD_PORT", "8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("ACCORD_WORKERS", "2")))
    parser.add_argument(
        "--demo",
        action="store_true",
        help="allow the built-in demo secret key (never in production)",
    )
    parser.add_argument(
        "--no-migrate", action="store_true", help="do not apply database migrations first"
    )
    args = parser.parse_args(argv)
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command

    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY and not (args.demo or settings.DEBUG):
        print(
            "accord serve: set ACCORD_SECRET_KEY (a long random string), or pass --demo for a local demo.",
            file=sys.stderr,
        )
        return 2
    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "accord.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
    ]
    run()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "serve":
        return serve(argv[1:])
    _django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["accord", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
