from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "accord.reference"
    label = "reference"
    verbose_name = "Reference data"
