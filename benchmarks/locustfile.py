"""The load part of `make bench` (bench_load.py): signed-in coordinators reading the demo's
partnership home, resources and decisions pages, as locust users.

Run by bench_load.py with ``--headless``; by hand:
``locust -f benchmarks/locustfile.py --host http://127.0.0.1:8765``.
"""

from __future__ import annotations

import os
import re

from locust import HttpUser, between, task

#: Session keys made beforehand by bench_load.py (one per user), so that sign-in, an
#: Argon2 hash by design, is not measured; without them each user signs in.
SESSIONS = [key for key in os.environ.get("BENCH_LOAD_SESSIONS", "").split(",") if key]
_next_session = iter(SESSIONS)

SLUG = os.environ.get("BENCH_LOAD_SLUG", "lake-kivuli")
EMAIL = os.environ.get("BENCH_LOAD_EMAIL", "amina@kivuli-county.example")
PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "accord-demo")
PAGES = {
    "partnership home": f"/p/{SLUG}/",
    "resources": f"/p/{SLUG}/resources/",
    "decisions": f"/p/{SLUG}/decisions/",
}


class Coordinator(HttpUser):
    """One person signed in, reading the three pages in turn without pause."""

    wait_time = between(0, 0)

    def on_start(self) -> None:
        key = next(_next_session, None)
        if key:
            self.client.cookies.set("sessionid", key)
            return
        page = self.client.get("/accounts/login/", name="sign-in page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            {
                "username": EMAIL,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
        )

    @task
    def read_pages(self) -> None:
        for name, path in PAGES.items():
            with self.client.get(path, name=name, catch_response=True) as response:
                if response.status_code != 200 or "/accounts/login/" in response.url:
                    response.failure(f"{path}: {response.status_code}")
