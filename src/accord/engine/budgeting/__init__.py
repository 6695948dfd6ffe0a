"""Participatory budgeting rules and who decided the money.

- :func:`~accord.engine.budgeting.equal_shares.method_of_equal_shares` — Method of Equal
  Shares (cost/approval utilities; completions add-one, utilitarian, both); its add-one
  search (:mod:`~accord.engine.budgeting.add_one`) certifies ranges of budgets with the
  numba kernel of :mod:`~accord.engine.budgeting.mes_ranges`;
- :func:`~accord.engine.budgeting.phragmen.sequential_phragmen`;
- :func:`~accord.engine.budgeting.greedy.greedy_utilitarian_welfare` (cost/approval);
- :func:`~accord.engine.budgeting.greedy.greedy_by_score`: the rules cities write (votes or
  points, without skipping, a minimum score, caps per category);
- :func:`~accord.engine.budgeting.pabulib_rules.official_outcome`: the rule a pabulib file
  names (its META ``rule``), run on the file;
- :func:`~accord.engine.budgeting.comparison.popularity_comparison`;
- :mod:`~accord.engine.budgeting.shares`: budget share by voter group and by category;
- :class:`~accord.engine.budgeting.instance.BudgetingInstance` (input) and
  :class:`~accord.engine.budgeting.instance.Outcome` (result with its explanation).

:mod:`~accord.engine.budgeting.warm_up` compiles the kernels ahead of the first request
(``accord serve`` runs it in the background); :mod:`~accord.engine.budgeting.kernel_cache`
chooses where numba caches them.

Read pabulib files with :mod:`accord.engine.io.pabulib`.  See docs/engine/budgeting.md.
"""
