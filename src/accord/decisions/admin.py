from django.contrib import admin

from accord.decisions import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Ballots, participations and decisions are append-only: never edited or deleted here."""

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(models.Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["id", "proposal", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]


@admin.register(models.Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "proposal",
        "chamber",
        "organization",
        "person",
        "sequence",
        "choice",
        "cast_at",
    ]


@admin.register(models.Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["id", "proposal", "organization", "person", "voted_at"]


@admin.register(models.Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["id", "partnership", "title", "kind", "status", "voting_closes_at"]
    list_filter = ["status", "kind"]


for model in (models.DecisionRule, models.RuleAssignment, models.Comment):
    admin.site.register(model)


@admin.register(models.Alternative)
class AlternativeAdmin(ReadOnlyAdmin):
    """Set through the proposal page or API, which freeze them when voting opens."""

    list_display = ["id", "proposal", "position", "name"]
