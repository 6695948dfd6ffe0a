"""``accord check`` (and the server's start) reports a bad template file, naming it."""

from __future__ import annotations

from typing import Any

from django.core import checks

from accord.web.partnership_templates import registry


def check_partnership_templates(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    try:
        registry.template_list()
    except registry.TemplateFileError as exc:
        return [
            checks.Error(
                str(exc),
                hint="Fix the file or remove it from the templates directory.",
                id="accord.E101",
            )
        ]
    return []
