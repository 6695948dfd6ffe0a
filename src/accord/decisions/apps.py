from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "accord.decisions"
    label = "decisions"
    verbose_name = "Joint decisions"
