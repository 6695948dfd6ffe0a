"""Where numba keeps the compiled kernels of :mod:`accord.engine.budgeting.mes_ranges`.

Offers :func:`cache_dir_for` (the choice, as a pure function), :func:`configure` (applies it)
and :data:`njit`, numba's ``njit`` imported once the choice is applied. ``mes_ranges``
takes ``njit`` from here, so the choice is made before numba reads its configuration.

numba caches a ``cache=True`` kernel next to its source, in the installed package's
``__pycache__``, when that directory is writable -- in a virtual environment it is, and the
cache then lives with the install (a new install or a changed kernel starts empty). When it
is not (a package installed read-only, e.g. by root in a container image), numba would fall
back to the user's cache directory, which a service account may not have or may lose at
each start; the cache then goes to ``$ACCORD_DATA_DIR/numba-cache``, which Accord keeps
anyway. ``NUMBA_CACHE_DIR``, when set, always wins. Filling the cache ahead of the first
request is :mod:`accord.engine.budgeting.warm_up`'s job (docs/engine/budgeting.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["cache_dir_for", "configure", "njit"]

KERNELS = Path(__file__).resolve().parent  # where mes_ranges.py lives


def _writable(directory: Path) -> bool:
    """Whether numba could create and write ``directory`` (or write in it)."""
    while not directory.exists():
        if directory.parent == directory:
            return False
        directory = directory.parent
    return os.access(directory, os.W_OK | os.X_OK)


def cache_dir_for(package_writable: bool, environ: Mapping[str, str]) -> Path | None:
    """The directory to give numba as ``NUMBA_CACHE_DIR``, or None to keep numba's choice.

    None when ``NUMBA_CACHE_DIR`` is already set or the package's ``__pycache__`` is
    writable (``package_writable``); else ``$ACCORD_DATA_DIR/numba-cache`` if
    ``ACCORD_DATA_DIR`` is set (None otherwise: numba then tries the user's cache directory).

    Examples
    --------
    >>> cache_dir_for(True, {"ACCORD_DATA_DIR": "/srv/accord"}) is None
    True
    >>> cache_dir_for(False, {"ACCORD_DATA_DIR": "/srv/accord"})
    PosixPath('/srv/accord/numba-cache')
    >>> cache_dir_for(False, {"ACCORD_DATA_DIR": "/srv/accord", "NUMBA_CACHE_DIR": "/x"}) is None
    True
    >>> cache_dir_for(False, {}) is None
    True
    """
    if environ.get("NUMBA_CACHE_DIR"):
        return None
    if package_writable:
        return None
    data = environ.get("ACCORD_DATA_DIR")
    return Path(data) / "numba-cache" if data else None


def configure() -> Path | None:
    """Apply :func:`cache_dir_for` to this process (before numba reads its configuration, or
    making it read it again); the directory chosen, or None."""
    directory = cache_dir_for(_writable(KERNELS / "__pycache__"), os.environ)
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        os.environ["NUMBA_CACHE_DIR"] = str(directory)
        if "numba" in sys.modules:
            from numba.core import config

            config.reload_config()
    return directory


configure()

from numba import njit  # noqa: E402 - numba reads NUMBA_CACHE_DIR when imported
