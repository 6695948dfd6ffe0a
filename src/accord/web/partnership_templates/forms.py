from __future__ import annotations

from typing import Any

from accord.partnerships.forms import PartnershipForm
from accord.web.partnership_templates.registry import PartnershipTemplate
from accord.web.partnership_templates.services import PRESET_FIELDS


class PartnershipFromTemplateForm(PartnershipForm):
    """The new-partnership form with the template's choices filled in (each may be changed)."""

    def __init__(self, *args: Any, template: PartnershipTemplate, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {field: getattr(template, field) for field in PRESET_FIELDS})
        super().__init__(*args, **kwargs)
