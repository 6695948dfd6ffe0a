"""Every schema of the API has its own name in the OpenAPI document.

django-ninja names a component after its class, so two apps that each define a
``BallotIn`` would share one entry and the document would describe one of them under the
other's operations. The requests still validate; only the documentation would lie.
"""

from __future__ import annotations

import importlib
from collections import defaultdict

from django.apps import apps
from ninja import Schema


def test_no_two_api_schemas_share_a_name():
    by_name = defaultdict(set)
    for config in apps.get_app_configs():
        if not config.name.startswith("accord."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Schema)
                and value.__module__ == module.__name__
            ):
                by_name[value.__name__].add(module.__name__)
    shared = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert shared == {}
    assert len(by_name) > 50  # the check looked at the real routers


def test_the_openapi_document_keeps_each_apps_ballot_schema():
    from accord.api import api

    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert "choice" in schemas["BallotIn"]["properties"]  # decisions' yes/no ballot
    assert "projects" in schemas["BudgetBallotIn"]["properties"]  # participation's
