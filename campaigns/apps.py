from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns and scales")

    def ready(self):
        from blocks.services import register_carry_forward
        from campaigns.services.next_year import carry_campaigns_forward, carry_scale_forward

        register_carry_forward("scale", carry_scale_forward)
        register_carry_forward("campaigns", carry_campaigns_forward)
