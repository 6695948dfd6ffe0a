from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "accord.decisions"
    label = "decisions"
    verbose_name = "Joint decisions"

    def ready(self) -> None:
        # The partnership's governing acts are decided by vote once a rule is in force;
        # the partnerships app asks through its port (accord.partnerships.deliberation).
        from accord.decisions.governance import VotesDecide
        from accord.partnerships.deliberation import deliberation_register

        deliberation_register(VotesDecide())
        # Proposals and comments are voice; the tallies' rebuild reads them from here.
        from accord.decisions.voice_sources import decision_voice_rows
        from accord.partnerships.services.voice import voice_source_register

        voice_source_register(decision_voice_rows)
