"""Every read about results beyond a plain get. Callers import the package and call
``selectors.<name>``; the modules hold one subject each:

- ``indicators`` -- the indicators with progress against targets, period by period, late
  reports, and the progress chart;
- ``measurements`` -- one measurement with its cells and history, an indicator's list.
- ``accountability`` -- commitments, action items, and per member organization its
  commitments kept, pledges delivered on time, reports on time and action items done;
- ``benefits`` -- the benefits ledger and its summary per partner and per sector (is the
  benefit mutual? how far did it reach?) with the mutual-benefit charts.
- ``report`` -- the partnership report for a period, cached per partnership version;
- ``exports`` -- indicators, measurements, commitments, action items and benefits as
  tables to download (CSV or XLSX).
"""

from accord.results.selectors.accountability import (
    OrganizationAccountability,
    OrganizationPage,
    accountability_overview,
    action_item_get,
    action_item_list,
    action_item_owner_choices,
    commitment_get,
    commitment_list,
    decided_proposal_choices,
    decided_proposal_find,
    member_person_get,
    organization_accountability,
)
from accord.results.selectors.benefits import (
    BenefitSummary,
    RecipientBenefits,
    benefit_get,
    benefit_list,
    benefit_summary,
    community_participant_find,
    community_participants,
)
from accord.results.selectors.exports import (
    EXPORT_TABLES,
    INTERNAL_TABLES,
    export_table,
    export_table_titles,
)
from accord.results.selectors.indicators import (
    VERIFIED,
    IndicatorProgress,
    PeriodRow,
    indicator_chart_svg,
    indicator_choices,
    indicator_find,
    indicator_get,
    indicator_progress,
    indicator_progress_list,
    indicator_queryset,
    late_reports,
    visible_statuses,
)
from accord.results.selectors.measurements import (
    cell_table,
    measurement_get,
    measurement_list,
    measurement_queryset,
)
from accord.results.selectors.report import (
    PeriodReport,
    ReportBundle,
    ReportPeriod,
    default_report_period,
    period_report,
    report_period,
    report_period_choices,
)

__all__ = [
    "EXPORT_TABLES",
    "INTERNAL_TABLES",
    "VERIFIED",
    "BenefitSummary",
    "IndicatorProgress",
    "OrganizationAccountability",
    "OrganizationPage",
    "PeriodReport",
    "PeriodRow",
    "RecipientBenefits",
    "ReportBundle",
    "ReportPeriod",
    "accountability_overview",
    "action_item_get",
    "action_item_list",
    "action_item_owner_choices",
    "benefit_get",
    "benefit_list",
    "benefit_summary",
    "cell_table",
    "commitment_get",
    "commitment_list",
    "community_participant_find",
    "community_participants",
    "decided_proposal_choices",
    "decided_proposal_find",
    "default_report_period",
    "export_table",
    "export_table_titles",
    "indicator_chart_svg",
    "indicator_choices",
    "indicator_find",
    "indicator_get",
    "indicator_progress",
    "indicator_progress_list",
    "indicator_queryset",
    "late_reports",
    "measurement_get",
    "measurement_list",
    "measurement_queryset",
    "member_person_get",
    "organization_accountability",
    "period_report",
    "report_period",
    "report_period_choices",
    "visible_statuses",
]
