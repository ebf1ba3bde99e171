from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "shuanglian.duties"
    label = "duties"
    verbose_name = "代表履职"

    def ready(self):
        # the enterprise file and the deputy's page show contact links through chains.contacts
        from shuanglian.chains.contacts import register_contact_provider

        from .point_sources import register_with_points
        from .selectors_contacts import DutiesContacts

        register_contact_provider(DutiesContacts())
        register_with_points()  # the points rebuild replays receptions and activities; points never imports duties
