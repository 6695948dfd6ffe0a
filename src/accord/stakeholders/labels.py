"""The words a person reads for each quadrant and salience class."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accord.stakeholders.placement import Quadrant, Salience

QUADRANT_LABELS = {
    Quadrant.KEY_PLAYERS: _("Key players: engage fully"),
    Quadrant.KEEP_SATISFIED: _("Keep satisfied"),
    Quadrant.KEEP_INFORMED: _("Keep informed, and raise their voice"),
    Quadrant.MONITOR: _("Monitor"),
}

SALIENCE_LABELS = {
    Salience.NONE: _("Not a stakeholder by these ratings"),
    Salience.DORMANT: _("Dormant: power, no legitimate or urgent claim"),
    Salience.DISCRETIONARY: _("Discretionary: a legitimate claim, no power or urgency"),
    Salience.DEMANDING: _("Demanding: an urgent claim, no power or legitimacy"),
    Salience.DOMINANT: _("Dominant: power and a legitimate claim"),
    Salience.DANGEROUS: _("Dangerous: power and an urgent claim, without legitimacy"),
    Salience.DEPENDENT: _("Dependent: a legitimate, urgent claim, without power"),
    Salience.DEFINITIVE: _("Definitive: power, legitimacy and urgency"),
}

SALIENCE_SHORT = {
    Salience.NONE: _("None"),
    Salience.DORMANT: _("Dormant"),
    Salience.DISCRETIONARY: _("Discretionary"),
    Salience.DEMANDING: _("Demanding"),
    Salience.DOMINANT: _("Dominant"),
    Salience.DANGEROUS: _("Dangerous"),
    Salience.DEPENDENT: _("Dependent"),
    Salience.DEFINITIVE: _("Definitive"),
}
