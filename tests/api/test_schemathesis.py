"""The API says what it answers (issue 15, item 10): schemathesis generates requests for
every operation of the OpenAPI document, as the demo's coordinator, on the demo's data, and
checks that no answer is a server error and that each status, content type and body is one
the document states (``core.api.AccordAPI`` documents every operation's 4xx answers).

A bounded number of examples per operation keeps it to a couple of minutes; path
parameters that name a partnership are pointed at the demo's, so that the requests reach
real records rather than stopping at 404.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from accord.demo.loader import LAKE_SLUG, load_demo

pytestmark = pytest.mark.django_db

#: Examples generated per operation (there are about 220 operations).
EXAMPLES = 6
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def _schema():
    from accord.wsgi import application

    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

    @loaded.hook
    def map_path_parameters(context, path_parameters):
        if path_parameters and "slug" in path_parameters:
            path_parameters["slug"] = LAKE_SLUG
        return path_parameters

    return loaded


@pytest.fixture
def token(db):
    from accord.accounts.models import User
    from accord.accounts.services import access_token_create

    _, secret = access_token_create(
        actor=User.objects.get(email="amina@kivuli-county.example"), name="schemathesis"
    )
    return secret


@pytest.fixture
def keep_connection():
    """Calling the WSGI application directly sends Django's request signals, whose handler
    closes the database connection after each request (the test client disconnects it):
    on PostgreSQL that closed the test's own connection after the first call."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_as_documented(demo, db, token, keep_connection):
    """Each operation in turn (schemathesis' pytest plugin does not load under this pytest),
    every failure collected so that one run names them all."""
    # identity: the in-process WSGI transport would not undo the GZip middleware
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    failures: list[str] = []
    operations = 0
    for result in _schema().get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.label}: {str(exc).strip()[:600]}")
    assert operations > 150
    assert not failures, f"{len(failures)} of {operations} operations:\n\n" + "\n\n".join(failures)
