"""Every write of the interop app. Each checks the actor's permission, validates and runs
in one transaction.

- ``publication`` -- :func:`iati_publication_update` (a partnership's IATI settings);
- ``imports`` -- :func:`iati_import`, an IATI activity file into a partnership;
- ``indicators`` -- :func:`indicator_import`, the import's indicators through the
  results app's services.
"""

from accord.interop.services.imports import ImportReport, iati_import
from accord.interop.services.indicators import indicator_import
from accord.interop.services.publication import iati_publication_update

__all__ = ["ImportReport", "iati_import", "iati_publication_update", "indicator_import"]
