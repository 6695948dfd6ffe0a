"""Alerts in plain language, from the dashboard's figures and the partnership's thresholds.

Each alert is one sentence a partner can repeat ("Civil society: 40 % of the members, but
5 % of the comments written this quarter"), with a link to its evidence. The thresholds are
the partnership's :class:`~accord.balance.models.BalanceSettings` (the defaults until the
coordinator saves them); :func:`balance_settings_get` never writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accord.audit.selectors import partnership_version
from accord.balance.groups import INDIVIDUALS, OTHERS, group_label
from accord.balance.models import BalanceSettings
from accord.balance.selectors.dashboard import Dashboard, balance_dashboard
from accord.decisions.models import PowerComputation
from accord.partnerships.models import Partnership
from accord.results.models import BenefitLevel

#: Alert codes, for the API and tests.
VOICE_GAP = "voice_gap"
BENEFIT_GAP = "benefit_gap"
INDIVIDUAL_BENEFITS = "individual_benefits"
RESOURCES_TOP = "resources_top"
POWER_TOP = "power_top"
VETO = "veto"


@dataclass(frozen=True)
class Alert:
    code: str
    message: str
    evidence_url: str
    evidence_label: str


def balance_settings_get(*, partnership: Partnership) -> BalanceSettings:
    """The partnership's thresholds, or an unsaved row with the defaults."""
    found = BalanceSettings.objects.filter(partnership=partnership).first()
    return found or BalanceSettings(partnership=partnership)


def percent(share: float) -> str:
    """A share as a whole percentage in the reader's locale ("40 %")."""
    return _("%(value)s %%") % {"value": number_format(round(share * 100), 0)}


def _names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def _member_shares(dashboard: Dashboard) -> dict[str, float]:
    members = dashboard.group_members()
    total = sum(members.values())
    return {g: n / total for g, n in members.items()} if total else {}


def _voice_gaps(dashboard: Dashboard, thresholds: BalanceSettings, url: str) -> list[Alert]:
    comments = dashboard.comments_this_quarter
    total = sum(comments.values())
    if total < thresholds.minimum_records:
        return []
    alerts = []
    for group, member_share in _member_shares(dashboard).items():
        share = comments.get(group, 0.0) / total
        if share < member_share * thresholds.voice_gap_percent / 100:
            alerts.append(
                Alert(
                    VOICE_GAP,
                    _(
                        "%(group)s: %(members)s of the members, but %(comments)s of the "
                        "comments written this quarter."
                    )
                    % {
                        "group": group_label(group),
                        "members": percent(member_share),
                        "comments": percent(share),
                    },
                    url + "#voice-this-quarter",
                    _("Comments this quarter, by sector"),
                )
            )
    return alerts


def _benefit_alerts(dashboard: Dashboard, thresholds: BalanceSettings) -> list[Alert]:
    benefits = dashboard.column("benefits")
    if benefits is None or not benefits.ready or benefits.total < thresholds.minimum_records:
        return []
    url = reverse("results:benefit_summary", args=[dashboard.partnership.slug])
    label = _("Benefits by partner and level")
    alerts = []
    for group, member_share in _member_shares(dashboard).items():
        share = benefits.group_share(group) or 0.0
        if share < member_share * thresholds.benefit_gap_percent / 100:
            alerts.append(
                Alert(
                    BENEFIT_GAP,
                    _(
                        "%(group)s: %(members)s of the members, but %(benefits)s of the "
                        "benefits received."
                    )
                    % {
                        "group": group_label(group),
                        "members": percent(member_share),
                        "benefits": percent(share),
                    },
                    url,
                    label,
                )
            )
    levels = dashboard.benefit_levels
    total = sum(levels.values())
    individual = levels.get(BenefitLevel.INDIVIDUAL, 0) / total if total else 0.0
    if total and individual > thresholds.individual_benefits_percent / 100:
        institutional = levels.get(BenefitLevel.INSTITUTIONAL, 0)
        reach = (
            _("none reached an institution.")
            if not institutional
            else _("%(share)s reached an institution.") % {"share": percent(institutional / total)}
        )
        alerts.append(
            Alert(
                INDIVIDUAL_BENEFITS,
                _("%(share)s of the recorded benefits were individual; %(reach)s")
                % {"share": percent(individual), "reach": reach},
                url,
                label,
            )
        )
    return alerts


def _concentration_alerts(dashboard: Dashboard, thresholds: BalanceSettings) -> list[Alert]:
    alerts = []
    resources = dashboard.column("resources")
    top = resources.concentration if resources and resources.ready else None
    if top and top.largest_share > thresholds.resources_top_percent / 100:
        alerts.append(
            Alert(
                RESOURCES_TOP,
                _("%(name)s delivered %(share)s of all the resources.")
                % {"name": top.largest_name, "share": percent(top.largest_share)},
                resources.source_url if resources else "",
                _("Resources delivered, per partner"),
            )
        )
    rules = {rule.rule_id: rule for rule in dashboard.power_rules}
    for column in dashboard.columns:
        if column.kind != "power" or not column.in_chart or not column.ready:
            continue
        power = column.concentration
        if power is None or power.largest_share <= thresholds.power_top_percent / 100:
            continue
        if power.largest_name in (group_label(INDIVIDUALS), group_label(OTHERS)):
            continue  # many people together, not one voter
        rule = rules.get(column.rule_id)
        alerts.append(
            Alert(
                POWER_TOP,
                _("Under the rule for %(kinds)s, %(name)s holds %(share)s of the voting power.")
                % {
                    "kinds": rule.kinds_label if rule else column.short_label,
                    "name": power.largest_name,
                    "share": percent(power.largest_share),
                },
                column.source_url,
                _("Power analysis of “%(rule)s”") % {"rule": column.short_label},
            )
        )
    return alerts


def _veto_alerts(dashboard: Dashboard, thresholds: BalanceSettings) -> list[Alert]:
    if not thresholds.alert_veto:
        return []
    alerts = []
    members = len(dashboard.holders)
    for rule in dashboard.power_rules:
        if not rule.vetoes:
            continue
        if len(rule.vetoes) == 1:
            message = _("Under the rule for %(kinds)s, %(name)s can block every decision alone.")
        elif len(rule.vetoes) >= members > 1:
            message = _(
                "Under the rule for %(kinds)s, every member can block every decision alone."
            )
        else:
            message = ngettext(
                "Under the rule for %(kinds)s, %(names)s can block every decision alone.",
                "Under the rule for %(kinds)s, each of %(names)s can block every decision alone.",
                len(rule.vetoes),
            )
        alerts.append(
            Alert(
                VETO,
                message
                % {"kinds": rule.kinds_label, "name": rule.vetoes[0], "names": _names(rule.vetoes)},
                rule.evidence_url,
                _("Power analysis of “%(rule)s”") % {"rule": rule.name},
            )
        )
    return alerts


def balance_alerts(*, dashboard: Dashboard, thresholds: BalanceSettings) -> list[Alert]:
    """The alerts that fire, vetoes and concentration first, then voice and benefits."""
    url = reverse("balance:dashboard", args=[dashboard.partnership.slug])
    return [
        *_veto_alerts(dashboard, thresholds),
        *_concentration_alerts(dashboard, thresholds),
        *_voice_gaps(dashboard, thresholds, url),
        *_benefit_alerts(dashboard, thresholds),
    ]


#: How long the overview's alerts are kept at most (the key also changes with every
#: recorded change, every stored power analysis and every day).
ALERTS_CACHE_SECONDS = 3600


def partnership_alerts(*, partnership: Partnership) -> list[Alert]:
    """The alerts for the partnership's overview, cached per partnership version (every
    change the services record), latest stored power analysis and day, so that the
    overview reads two small queries when nothing changed."""
    version = partnership_version(partnership_id=partnership.pk)
    power = PowerComputation.objects.filter(partnership=partnership).aggregate(
        latest=Max("finished_at"), rows=Max("id")
    )
    stamp = power["latest"].timestamp() if power["latest"] else 0
    key = (
        f"balance:alerts:{partnership.pk}:{version}:{power['rows'] or 0}:{stamp}:"
        f"{timezone.localdate().isoformat()}:{get_language()}"
    )
    found = cache.get(key)
    if found is not None:
        return found
    board = balance_dashboard(partnership=partnership, for_alerts=True)
    alerts = balance_alerts(
        dashboard=board, thresholds=balance_settings_get(partnership=partnership)
    )
    cache.set(key, alerts, ALERTS_CACHE_SECONDS)
    return alerts
