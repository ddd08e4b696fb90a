from django.core.management.base import BaseCommand

from conference.services import close_due_ballots


class Command(BaseCommand):
    help = (
        "Close every open online ballot whose closing time has passed and record its result "
        "(for cron, e.g. every minute; pages also close them when read)."
    )

    def handle(self, *args, **options):
        closed = close_due_ballots()
        for ballot in closed:
            self.stdout.write(f"{ballot.pk}: {ballot.title} — {ballot.get_outcome_display()}")
        self.stdout.write(self.style.SUCCESS(f"{len(closed)} ballot(s) closed."))
