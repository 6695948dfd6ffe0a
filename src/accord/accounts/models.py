"""People who sign in, and their personal access tokens for the API."""

from __future__ import annotations

import hashlib

import rules
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.accounts.time_zones import validate_zone

#: Apps whose permissions are decided by rules predicates alone (no superuser bypass).
SELF_GOVERNED_APPS = (
    "partnerships.",
    "partners.",
    "resources.",
    "decisions.",
    "results.",
    "participation.",
    "interop.",
    "surveys.",
    "stakeholders.",
    "balance.",
    "meetings.",
    "discussions.",
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with email; belongs to organizations through affiliations."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text=_("Can use the admin site."))
    date_joined = models.DateTimeField(default=timezone.now)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_zone],
        help_text=_("An IANA name such as Africa/Nairobi; blank follows the partnership's zone."),
    )
    #: The interface language the person chose (blank: their browser's, then the site's).
    #: Pages and the emails sent to them are in it (docs/languages.md).
    #: Checked against settings.LANGUAGES by the service (no choices here, so that an
    #: operator who adds a language needs no migration).
    language = models.CharField(max_length=8, blank=True, default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def preferred_language(self) -> str:
        """The language to write to this person in: their choice, else the site's."""
        return self.language or settings.LANGUAGE_CODE

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """Partnerships govern themselves: their permissions come only from ``rules``.

        A platform admin (superuser) keeps Django's all-powerful behaviour for the
        admin site and other apps, but inside partnerships reads as an insider and
        acts only where a predicate says so (see docs/permissions.md).
        """
        if perm.startswith(SELF_GOVERNED_APPS):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class AccessToken(models.Model):
    """A personal access token for the API. Only its SHA-256 hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(
        max_length=12, db_index=True, help_text=_("Shown to tell tokens apart.")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
