"""The one table core keeps: every stored upload and its size, per partnership.

Uploaded files are kept (ledger entries are never deleted, so neither is their evidence),
and a partnership's storage quota (``ACCORD_UPLOAD_QUOTA_MB``) is checked against the sum
of what it stored. Each app records its uploads here through ``core.uploads`` in the same
transaction as the row that holds the file. ``partnership_id`` is a plain column: core
sits below the partnerships app and refers to it by value.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredUpload(models.Model):
    partnership_id = models.PositiveBigIntegerField(db_index=True)
    field = models.CharField(max_length=60, help_text=_("What the file is, e.g. ledger evidence."))
    name = models.CharField(max_length=300, help_text=_("The file's name in the storage."))
    size_bytes = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(size_bytes__gte=0), name="upload_size_valid")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.size_bytes} bytes)"
