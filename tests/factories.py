"""factory-boy factories for every model the tests build. Personas live in conftest.py."""

import datetime
from decimal import Decimal

import factory

from accounts.models import User
from blocks.models import Block, Membership, Province, Term, Unit
from campaigns.models import Campaign, Criterion, Scale
from scoring.models import Score, ScoreSheet


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Sở số {n}")
    short_name = factory.Sequence(lambda n: f"S{n}")
    kind = Unit.Kind.DEPARTMENT


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Khối thi đua {n}")
    kind = Block.Kind.KHOI


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    block = factory.SubFactory(BlockFactory)
    unit = factory.SubFactory(UnitFactory, province=factory.SelfAttribute("..block.province"))
    valid_from = datetime.date(2015, 1, 1)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    block = factory.SubFactory(BlockFactory)
    year = 2025
    leader = factory.SubFactory(UnitFactory, province=factory.SelfAttribute("..block.province"))
    deputy = None
    status = Term.Status.SCORING


class ScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scale

    term = factory.SubFactory(TermFactory)
    version = 1
    status = Scale.Status.LOCKED
    nominal_total = Decimal("100")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    scale = factory.SubFactory(ScaleFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    title = factory.Sequence(lambda n: f"Tiêu chí {n}")
    order = factory.Sequence(lambda n: n)
    kind = Criterion.Kind.SCORED
    max_points = Decimal("10")


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreSheet

    term = factory.SubFactory(TermFactory)
    unit = factory.SubFactory(UnitFactory)
    scale = factory.LazyAttribute(lambda o: o.term.scales.order_by("-version").first())
    status = ScoreSheet.Status.VERIFIED


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    sheet = factory.SubFactory(ScoreSheetFactory)
    criterion = factory.SubFactory(CriterionFactory)
    self_points = Decimal("8")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    level = Campaign.Level.CENTRAL  # no owner needed (a provincial one names its province)
    kind = Campaign.Kind.REGULAR
    name = factory.Sequence(lambda n: f"Phong trào {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw-Thidua-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_scored_term(
    *,
    units: int = 3,
    criteria: int = 3,
    year: int = 2025,
    block: Block | None = None,
    status: str = ScoreSheet.Status.VERIFIED,
) -> Term:
    """A block-year with `units` members, a locked scale of `criteria` scored criteria plus a
    bonus and a deduction item, and one verified sheet per unit with distinct totals."""
    block = block or BlockFactory()
    members = [
        MembershipFactory(block=block, unit__province=block.province).unit for _ in range(units)
    ]
    term = TermFactory(
        block=block,
        year=year,
        leader=members[0],
        deputy=members[1] if units > 1 else None,
    )
    scale = ScaleFactory(term=term)
    scored = [CriterionFactory(scale=scale, code=f"{i + 1}", order=i) for i in range(criteria)]
    bonus = CriterionFactory(
        scale=scale, code="B", order=90, kind=Criterion.Kind.BONUS, max_points=Decimal("10")
    )
    deduction = CriterionFactory(
        scale=scale, code="D", order=91, kind=Criterion.Kind.DEDUCTION, max_points=Decimal("5")
    )
    for index, unit in enumerate(members):
        sheet = ScoreSheetFactory(term=term, unit=unit, scale=scale, status=status)
        rows = [
            Score(sheet=sheet, criterion=c, self_points=Decimal("10") - Decimal(index) / 4)
            for c in scored
        ]
        rows.append(Score(sheet=sheet, criterion=bonus, self_points=Decimal("0")))
        rows.append(Score(sheet=sheet, criterion=deduction, self_points=Decimal("0")))
        Score.objects.bulk_create(rows)
    return term
