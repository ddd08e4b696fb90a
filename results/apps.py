from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results")

    def ready(self):
        from blocks.services import register_carry_forward
        from results.services.next_year import carry_rules_step

        register_carry_forward("rules", carry_rules_step)
