"""Two officers of one unit vote at the same moment: the database lets one vote in.

On PostgreSQL each thread has its own connection and transaction; the `Cast` row (one per
electorate row) is what refuses the second vote. The threaded test runs on PostgreSQL only (the
SQLite test database is one in-memory file shared by threads, which locks tables instead of
queueing); the constraint itself is checked on both.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from conference.models import Cast
from tests.conference.conftest import make_conf
from tests.factories import UserFactory

THREADS = 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_of_one_unit_count_once(world):
    from conference import services

    conf = make_conf(world)
    ballot = conf.opened()
    unit = conf.units[2]
    officers = [UserFactory(username=f"can-bo-{i}", unit=unit) for i in range(THREADS)]
    option = ballot.options.get(kind="yes")
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def vote(user) -> None:
        try:
            start.wait()
            services.cast_vote(ballot=ballot, actor=user, option=option)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(user,)) for user in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_voted"] * (THREADS - 1) + ["ok"]
    assert Cast.objects.filter(elector__ballot=ballot).count() == 1
    option.refresh_from_db()
    assert option.votes == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_a_second_cast(world):
    """Without the service: a second row for the same electorate row breaks the constraint."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from conference.models import Elector

    conf = make_conf(world)
    ballot = conf.opened()
    elector = Elector.objects.get(ballot=ballot, unit=conf.units[0])
    Cast.objects.create(elector=elector, cast_by=conf.runner, cast_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Cast.objects.create(elector=elector, cast_by=conf.runner, cast_at=timezone.now())
