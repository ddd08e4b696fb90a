import pytest
from django.core.management import call_command
from django.db import models

from blocks.models import Term
from results.models import PublishedResult

pytestmark = pytest.mark.django_db


def _fingerprint() -> dict:
    """Every row of every project model, as plain values."""
    from django.apps import apps

    result = {}
    for label in ("accounts", "audit", "blocks", "campaigns", "scoring", "results"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if not isinstance(f, models.DateTimeField) or not (f.auto_now or f.auto_now_add)
            ]
            result[model._meta.label] = sorted(map(repr, model.objects.values_list(*fields)))
    return result


def test_seed_demo_reproduces_the_published_top_three(capsys):
    call_command("seed_demo")
    term = Term.objects.get(block__name="Khối thi đua Kinh tế - Kỹ thuật", year=2018)
    assert term.is_published
    assert term.leader.name == "Sở Nông nghiệp và Phát triển nông thôn"
    assert term.deputy.name == "Ban Quản lý Khu kinh tế tỉnh"
    rows = PublishedResult.objects.get(term=term).snapshot["rows"]
    assert [r["unit_name"] for r in rows[:3]] == [
        "Sở Công thương",
        "Sở Khoa học và Công nghệ",
        "Sở Xây dựng",
    ]
    assert [r["rank"] for r in rows] == list(range(1, 9))
    # The leader of 2019 was the 2018 deputy, not in the top 3: rotation is independent of rank.
    term_2019 = Term.objects.get(block=term.block, year=2019)
    assert term_2019.leader.name == "Ban Quản lý Khu kinh tế tỉnh"
    assert term_2019.leader.name not in [r["unit_name"] for r in rows[:3]]
    assert term.block.memberships.count() == 8
    out = capsys.readouterr().out
    for username in ("admin", "bantdkt", "khoitruong", "thanhvien", "hoidong"):
        assert username in out


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    before = _fingerprint()
    call_command("seed_demo")
    assert _fingerprint() == before


def test_seed_demo_total_above_nominal_maximum_is_kept():
    call_command("seed_demo")
    rows = PublishedResult.objects.get(term__year=2018).snapshot["rows"]
    assert rows[0]["total"] == "107.00" or float(rows[0]["total"]) == 107
