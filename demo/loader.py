"""The demo data, loaded by `manage.py seed_demo` (and `make run`).

The real block of the seed article (`demo.ktkt`) and an invented second block
(`demo.synthetic`) come first; then each app adds the demo of its own features on top (pact and
registrations from `campaigns.demo`; an open scoring window with evidence and a query from
`scoring.demo`; the 2019 conference and an open secret ballot from `conference.demo`).
Every step is idempotent: running it twice changes nothing.
"""

from django.db import transaction

from campaigns import demo as campaigns_demo
from conference import demo as conference_demo
from demo.data import DEMO_PASSWORD, DEMO_USERS
from demo.ktkt import load_ktkt
from demo.synthetic import load_synthetic_block
from scoring import demo as scoring_demo


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Load (or complete) the demo data. Returns the demo logins: (username, password, role)."""
    province = load_ktkt()
    load_synthetic_block(province)
    campaigns_demo.load_demo()
    extra_logins = scoring_demo.load_demo()
    conference_demo.load_demo()
    return [(username, DEMO_PASSWORD, role) for username, _n, role, _a in DEMO_USERS] + extra_logins
