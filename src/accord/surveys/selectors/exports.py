"""A wave's figures as one table for CSV/XLSX. The same threshold as the pages: a group
below it has its size and empty figures, never a mean; free-text comments are not
exported (they are read on the results page, where the threshold also holds)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accord.core.spreadsheets import Sheet
from accord.surveys.selectors.results import WaveResults, sector_label


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def wave_sheet(results: WaveResults) -> Sheet:
    """Rows: one per item (mean, answers, one column per sector), then per instrument its
    scores (factors, expectation spread and sector pairs, what each member receives)."""
    scores = results.scores
    sectors = sorted({s for item in scores.items.values() for s in item.by_sector})
    header = [
        _("Section"),
        _("Code"),
        _("Label"),
        _("Answers"),
        _("Mean"),
        _("Standard deviation"),
        _("Lowest"),
        _("Highest"),
        _("Level"),
        *[sector_label(s) for s in sectors],
    ]
    rows: list[list[Any]] = [
        [_("Wave"), results.wave.get_instrument_display(), results.wave.title, scores.respondents]
        + [None] * (len(header) - 4),
    ]
    blank_sectors = [None] * len(sectors)
    for item in scores.items.values():
        if item.mean is None and not item.answers:
            continue
        rows.append(
            [
                _("Item"),
                item.item,
                item.label,
                item.answers,
                _round(item.mean),
                None,
                None,
                None,
                None,
            ]
            + [_round(item.by_sector.get(s)) for s in sectors]
        )
    for category in results.categories:
        for factor in category.factors:
            spread = factor.spread
            rows.append(
                [
                    _("Factor"),
                    factor.code,
                    factor.label,
                    spread.n,
                    _round(spread.mean),
                    _round(spread.sd),
                    spread.low,
                    spread.high,
                    factor.level_label,
                    *blank_sectors,
                ]
            )
    expectations = results.expectations
    if expectations is not None:
        e = expectations.emphasis
        rows.append(
            [
                _("Emphasis"),
                "emphasis",
                _("Societal (7) against financial (1) returns"),
                e.n,
                _round(e.mean),
                _round(e.sd),
                e.low,
                e.high,
                None,
                *blank_sectors,
            ]
        )
        for item in expectations.items:
            s = item.spread
            rows.append(
                [
                    _("Spread"),
                    item.code,
                    item.text,
                    s.n,
                    _round(s.mean),
                    _round(s.sd),
                    s.low,
                    s.high,
                    None,
                    *blank_sectors,
                ]
            )
        for first, second, distance in expectations.sector_pairs:
            rows.append(
                [
                    _("Sector pair"),
                    "",
                    f"{first} – {second}",
                    None,
                    _round(distance),
                    None,
                    None,
                    None,
                    None,
                    *blank_sectors,
                ]
            )
    network = results.network
    if network is not None:
        rows.append(
            [
                _("Network"),
                "trust",
                _("Trust (mean, 1–4)"),
                network.ties,
                _round(network.trust),
                None,
                None,
                None,
                None,
                *blank_sectors,
            ]
        )
        rows.append(
            [
                _("Network"),
                "value",
                _("Value (mean, 1–4)"),
                network.ties,
                _round(network.value),
                None,
                None,
                None,
                None,
                *blank_sectors,
            ]
        )
        for member in network.received:
            rows.append(
                [
                    _("Received trust"),
                    str(member.organization_id),
                    member.name,
                    member.raters,
                    _round(member.trust),
                    None,
                    None,
                    None,
                    None,
                    *blank_sectors,
                ]
            )
            rows.append(
                [
                    _("Received value"),
                    str(member.organization_id),
                    member.name,
                    member.raters,
                    _round(member.value),
                    None,
                    None,
                    None,
                    None,
                    *blank_sectors,
                ]
            )
    return Sheet(title=_("Survey results"), header=header, rows=rows)
