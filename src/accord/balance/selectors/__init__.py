"""Every read of the balance pages beyond a plain get, one module per subject.

Callers import the module they need (``from accord.balance.selectors import dashboard``):

- ``dashboard`` -- the balance dashboard (:func:`dashboard.balance_dashboard`), built from
  ``dashboard_sources`` (one function per app read), ``dashboard_measures`` (holders,
  columns, concentration) and ``dashboard_trends`` (quarters, reciprocity of flows);
- ``alerts`` -- alerts in plain language from the partnership's thresholds;
- ``gao`` and ``network`` -- the GAO practices and the network pages.
"""
