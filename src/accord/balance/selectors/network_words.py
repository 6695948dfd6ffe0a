"""The words of the network page's picture and ties, translated (the engine writes none)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.balance.selectors.network_sources import RecordTie
from accord.engine.networks import PictureText


def level_label(level: int | float | None) -> str:
    """A level of collaboration in words (a level outside 1-3 by its number)."""
    if level is None:
        return ""
    labels = {
        1: _("cooperative"),
        2: _("coordinated"),
        3: _("integrated"),
    }
    return labels.get(int(level), _("level %(level)s") % {"level": int(level)})


def record_detail(tie: RecordTie) -> str:
    parts = []
    if tie.delivered:
        parts.append(_("delivered resources"))
    if tie.activities:
        count = len(tie.activities)
        parts.append(
            ngettext("%(count)d shared activity", "%(count)d shared activities", count)
            % {"count": count}
        )
    if tie.meetings:
        count = len(tie.meetings)
        parts.append(
            ngettext(
                "%(count)d meeting attended together", "%(count)d meetings attended together", count
            )
            % {"count": count}
        )
    return ", ".join(parts)


def survey_picture_text(title: str) -> PictureText:
    return PictureText(
        title=title,
        empty=_("No ties yet"),
        summary=_("{members} members and {ties} ties."),
        both_ways=_("{a} and {b} name each other ({a}: {ab}; {b}: {ba})."),
        one_way=_("{source} names {target} ({detail})."),
        unconnected=_("Without ties: {names}."),
        size_legend=_("Circle size: {measure}, from {low} to {high}"),
        size_measure=_("number of ties"),
        shade_legend=_("Fill: {measure}, from {low} (light) to {high} (dark)"),
        shade_measure=_("trust the others give it"),
        shade_missing=_("White: no one rated it"),
        both_ways_legend=_("Solid line: both name each other"),
        one_way_legend=_("Dashed arrow: only one names the other"),
        width_legend=_("Line width: {measure}"),
        width_measure=_("level of collaboration (cooperative, coordinated, integrated)"),
    )


def record_picture_text(title: str) -> PictureText:
    return PictureText(
        title=title,
        empty=_("No resources delivered, no shared activity and no meeting attended yet"),
        summary=_("{members} members and {ties} ties."),
        both_ways=_("{a} and {b} work together ({a}: {ab}; {b}: {ba})."),
        one_way=_("{source} works for {target} ({detail})."),
        unconnected=_("Without ties: {names}."),
        size_legend=_("Circle size: {measure}, from {low} to {high}"),
        size_measure=_("number of ties"),
        both_ways_legend=_(
            "Solid line: both ways (a shared activity, a meeting attended together, or "
            "resources each way)"
        ),
        one_way_legend=_("Dashed arrow: resources delivered one way only"),
        width_legend=_("Line width: {measure}"),
        width_measure=_("kinds of working together (resources, activities, meetings)"),
    )
