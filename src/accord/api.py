"""The REST API: one NinjaAPI under /api/v1. It only mounts: the plumbing (authentication,
the actor, error handlers) is ``accord.core.api``, and each app has its router."""

from __future__ import annotations

from accord.accounts.api import router as accounts_router
from accord.balance.api import router as balance_router
from accord.core.api import AccordAPI, install_error_handlers, token_auth
from accord.decisions.api import router as decisions_router
from accord.discussions.api import router as discussions_router
from accord.expertise.api import router as expertise_router
from accord.interop.api import router as interop_router
from accord.meetings.api import router as meetings_router
from accord.notifications.api import router as notifications_router
from accord.participation.api import router as participation_router
from accord.partners.api import router as partners_router
from accord.partnerships.api import router as partnerships_router
from accord.resources.api import router as resources_router
from accord.resources.api_plans import router as resource_plans_router
from accord.results.api import router as results_router
from accord.stakeholders.api import router as stakeholders_router
from accord.surveys.api import router as surveys_router
from accord.web.digests.api import router as digests_router
from accord.web.partnership_templates.api import router as partnership_templates_router

api = AccordAPI(
    title="Accord API",
    version="1",
    urls_namespace="api",
    description=(
        "Everything the Accord web interface does. Authenticate with a personal access token "
        "(create one under *API tokens*): `Authorization: Bearer acc_…`. Errors are JSON: "
        '`{"detail": "…"}` with a 4xx status.'
    ),
    auth=token_auth,
    docs_url="/docs",
)
install_error_handlers(api)

api.add_router("/", accounts_router)
api.add_router("/", notifications_router)
api.add_router("/", partners_router)
api.add_router("/", partnerships_router)
api.add_router("/", resources_router)
api.add_router("/", resource_plans_router)
api.add_router("/", decisions_router)
api.add_router("/", results_router)
api.add_router("/", participation_router)
api.add_router("/", meetings_router)
api.add_router("/", interop_router)
api.add_router("/", surveys_router)
api.add_router("/", stakeholders_router)
api.add_router("/", expertise_router)
api.add_router("/", balance_router)
api.add_router("/", partnership_templates_router)
api.add_router("/", discussions_router)
api.add_router("/", digests_router)
