from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        from campaigns.services.scale import on_version_effective
        from scoring.services.versions import move_sheets_to_version

        on_version_effective(move_sheets_to_version)
