from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo data (Tây Ninh, Khối thi đua Kinh tế - Kỹ thuật 2018). Idempotent."

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("Demo logins (username / password — role):")
        for username, password, role in logins:
            self.stdout.write(f"  {username:<11} / {password} — {role}")
