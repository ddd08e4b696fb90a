import pytest

from conference import services
from conference.models import Ballot

pytestmark = pytest.mark.django_db


def test_a_secret_motion_runs(conf, clients):
    ballot = conf.opened()
    for unit in conf.units[:3]:
        conf.vote(ballot, unit)
    ballot = services.close_ballot(ballot=ballot, actor=conf.runner)
    assert ballot.outcome == Ballot.Outcome.CARRIED
    w = conf.world
    args = [w.block.pk, w.published_term.year, conf.meeting.pk]
    assert (
        clients["member"].get(f"/blocks/{args[0]}/{args[1]}/conference/{args[2]}/").status_code
        == 200
    )
    r = clients["member"].get(
        f"/blocks/{args[0]}/{args[1]}/conference/{args[2]}/ballots/{ballot.pk}/"
    )
    assert r.status_code == 200
    r = clients["leader"].get(f"/blocks/{args[0]}/{args[1]}/conference/{args[2]}/screen/")
    assert r.status_code == 200
    r = clients["leader"].get(f"/blocks/{args[0]}/{args[1]}/conference/{args[2]}/bien-ban.pdf")
    assert r.status_code == 200
    r = clients["leader"].get(f"/blocks/{args[0]}/{args[1]}/conference/{args[2]}/bien-ban.docx")
    assert r.status_code == 200
