from django.core.management.base import BaseCommand

from scoring.services import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the officers of units whose score sheets are not submitted when scoring closes "
        "within N days. Meant for cron (e.g. daily); sends at most one reminder per unit per day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=3,
            help="Remind when closing is at most this many days away.",
        )

    def handle(self, *args, **options):
        sent = send_reminders(days=options["days"])
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
