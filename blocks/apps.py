from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlocksConfig(AppConfig):
    name = "blocks"
    verbose_name = _("Blocks and units")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from emulation.collation import install_sqlite_collation

        # Vietnamese order in SQL (`emulation.collation.vi`) on SQLite as on PostgreSQL.
        connection_created.connect(install_sqlite_collation, dispatch_uid="blocks.vi_collation")
