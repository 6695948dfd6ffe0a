"""Accord's computational core: pure Python and numpy, no Django.

Subpackages:
- ``profiles`` / ``io``: ballot profiles held as numpy arrays, PrefLib and pabulib readers/writers.
- ``voting``: decision rules for motions and single/multi-winner voting rules.
- ``power``: power indices of weighted and composite voting games.
- ``budgeting``: participatory budgeting rules (Equal Shares, Phragmén, greedy).
- ``equity``: concentration and asymmetry measures.

The apps convert model instances to plain arrays in their selectors; nothing here
receives a model instance (a test enforces that no module imports ``django``).
"""
