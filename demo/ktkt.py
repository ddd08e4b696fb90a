"""The demo data: the Tây Ninh "Khối thi đua Kinh tế - Kỹ thuật" of 2018, and a synthetic block.

Facts from the seed article (shared/seed, BTNO 22/01/2019): the block, its 8 members, the 2018
leader and deputy, the 2018 movement and special campaign with their themes, the three
province/central movements, the 8-criterion scale (titles and points invented after a published
table of the same shape), the 2018 top 3 and the 2019 leader. Everything else — the scores,
the decision number, the bonus and deduction items, which unit integrated which movement, the
second block — is invented for the demo and says so where it shows.

`load_ktkt()` is idempotent: every row is looked up by its natural key first, so running it
twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from blocks.models import Block, FlagHandover, Membership, Province, Term, Unit
from campaigns.models import Campaign, CampaignAdoption, Criterion, Scale
from demo.data import (
    BONUS_DEDUCTION_2018,
    DEMO_PASSWORD,
    DEMO_USERS,
    KTKT_UNITS,
    OUTSIDE_MOVEMENTS,
    REVIEW_CHANGES_2018,
    SCALE_2018,
    SCORES_2018,
)
from results.services import publish_term
from scoring.models import ScoreSheet


def d(value: str) -> Decimal:
    return Decimal(value)


def unit_of(province: Province, name: str, short: str, kind: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        province=province, name=name, defaults={"short_name": short, "kind": kind}
    )
    return unit


def _member(block: Block, unit: Unit, since: datetime.date) -> None:
    Membership.objects.get_or_create(block=block, unit=unit, valid_from=since)


def scale_for(term: Term, *, status: str) -> Scale:
    scale, created = Scale.objects.get_or_create(
        term=term, version=1, defaults={"status": status, "nominal_total": Decimal("100")}
    )
    if created:
        for order, (code, title, points) in enumerate(SCALE_2018, start=1):
            Criterion.objects.create(
                scale=scale,
                code=code,
                title=title,
                order=order,
                kind=Criterion.Kind.SCORED,
                max_points=d(points),
                evidence_required=code in {"3", "7"},
                guidance="Chấm theo hồ sơ, minh chứng đơn vị cung cấp.",
            )
        for order, (code, title, kind, cap, per) in enumerate(BONUS_DEDUCTION_2018, start=20):
            Criterion.objects.create(
                scale=scale,
                code=code,
                title=title,
                order=order,
                kind=kind,
                max_points=d(cap),
                points_per_occurrence=d(per) if per else None,
            )
    return scale


# The 2018 year as a real year goes, in Asia/Ho_Chi_Minh time (the article gives only the
# conference of 22/01/2019; the other dates are invented and plausible).
ICT = datetime.timezone(datetime.timedelta(hours=7))
SCALE_SUBMITTED = datetime.datetime(2018, 11, 12, 9, 0, tzinfo=ICT)
SCALE_APPROVED = datetime.datetime(2018, 11, 16, 14, 0, tzinfo=ICT)
WINDOW_SET = datetime.datetime(2018, 11, 26, 8, 30, tzinfo=ICT)
WINDOW_OPENS = datetime.datetime(2018, 12, 1, 0, 0, tzinfo=ICT)
WINDOW_CLOSES = datetime.datetime(2018, 12, 20, 17, 0, tzinfo=ICT)
FIRST_SUBMISSION = datetime.datetime(2018, 12, 10, 8, 0, tzinfo=ICT)
FIRST_REVIEW = datetime.datetime(2019, 1, 3, 8, 0, tzinfo=ICT)
REVIEW_ENDED = datetime.datetime(2019, 1, 10, 16, 0, tzinfo=ICT)
PUBLISHED = datetime.datetime(2019, 1, 22, 10, 0, tzinfo=ICT)


def _at(moment: datetime.datetime):
    """Frozen time for one step of the demo year: the services stamp it (submitted and
    verified times, the audit trail), as if the step happened then."""
    import time_machine  # a development dependency, like seed_demo itself

    return time_machine.travel(moment, tick=False)


def _officer_of(unit: Unit) -> User:
    """The unit's emulation officer: a demo login where there is one, else an account without a
    password (history needs a person; nobody signs in as it)."""
    user = User.objects.filter(unit=unit, is_active=True).order_by("pk").first()
    if user is None:
        user = User(
            username=f"ktkt-{unit.pk}",
            full_name=f"Cán bộ thi đua {unit.short_name or unit.name}",
            unit=unit,
            job_title="Chuyên viên thi đua",
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    return user


def _figures_2018(unit_name: str) -> dict[str, str]:
    base, extra = SCORES_2018[unit_name]
    figures = dict(zip([c for c, *_ in SCALE_2018], base, strict=True))
    figures.update(zip([code for code, *_ in BONUS_DEDUCTION_2018], extra, strict=True))
    return figures


def _entry(criterion: Criterion, value: str, **extra):
    """A figure as a person types it: a count for an item scored per occurrence."""
    from scoring import services as scoring

    kind = scoring.ReviewEntry if "reason" in extra else scoring.SelfEntry
    if criterion.points_per_occurrence:
        return kind(occurrences=int(d(value) / criterion.points_per_occurrence), **extra)
    return kind(points=d(value), **extra)


def _year_2018(term: Term, scale: Scale, units: dict[str, Unit], board: User) -> None:
    """The 2018 year through the services of a real year, each step at its date: the scale
    submitted and approved, the tie-break rules agreed, the window opened, every unit scoring
    with its evidence and submitting, the leader unit reviewing (with reasons where it changed
    a figure) and verifying, the review ended, the results published. The audit trail, the
    sheets' times and the progress board are then a real year's. Done once: a year already
    past setup is left as it is.
    """
    from campaigns import services as campaigns_services
    from results import services as results_services
    from scoring import services as scoring
    from scoring.demo import DEMO_PDF

    if term.status != Term.Status.SETUP:
        return
    leader = _officer_of(term.leader)
    with _at(SCALE_SUBMITTED):
        campaigns_services.scale_submit(scale=scale, actor=leader)
    with _at(SCALE_APPROVED):
        campaigns_services.scale_approve(scale=scale, actor=board)
        # Invented: the block's tie-break rules (no tie occurs in the 2018 figures).
        results_services.set_tie_policy(
            term=term, actor=leader, rules=["full_marks", "fewer_deductions"]
        )
    with _at(WINDOW_SET):
        scoring.open_scoring(
            term=term, opens_at=WINDOW_OPENS, closes_at=WINDOW_CLOSES, actor=leader
        )
    criteria = {c.code: c for c in scale.criteria.all()}
    sheets = {s.unit.name: s for s in ScoreSheet.objects.filter(term=term).select_related("unit")}
    for index, unit_name in enumerate(SCORES_2018):
        sheet, officer = sheets[unit_name], _officer_of(units[unit_name])
        entries, uploads = {}, {}
        for code, final in _figures_2018(unit_name).items():
            criterion = criteria[code]
            typed = REVIEW_CHANGES_2018.get((unit_name, code), (final,))[0]
            entries[criterion.pk] = _entry(criterion, typed, note="")
            if criterion.evidence_required:
                upload = SimpleUploadedFile(f"minh-chung-tieu-chi-{code}.pdf", DEMO_PDF)
                uploads[criterion.pk] = [upload]
        moment = FIRST_SUBMISSION + datetime.timedelta(days=index % 5, hours=index)
        with _at(moment):
            sheet = scoring.save_self_scores(
                sheet=sheet, entries=entries, uploads=uploads, version=sheet.version, actor=officer
            )
        with _at(moment + datetime.timedelta(minutes=40)):
            sheet = scoring.submit_sheet(sheet=sheet, version=sheet.version, actor=officer)
        with _at(FIRST_REVIEW + datetime.timedelta(days=index // 2, hours=index % 2)):
            changes = {
                criteria[code].pk: _entry(
                    criteria[code], _figures_2018(unit_name)[code], reason=why
                )
                for (name, code), (_typed, why) in REVIEW_CHANGES_2018.items()
                if name == unit_name
            }
            if changes:
                sheet = scoring.review_scores(
                    sheet=sheet, entries=changes, version=sheet.version, actor=leader
                )
            scoring.verify_sheet(sheet=sheet, actor=leader)
    with _at(REVIEW_ENDED):
        scoring.end_review(term=term, actor=leader)
    with _at(PUBLISHED):
        publish_term(
            term=term,
            actor=board,
            decision_number="05/QĐ-KTKT (demo)",
            decision_date=datetime.date(2019, 1, 22),
        )


def load_ktkt() -> Province:
    """The real block of the seed article, its 2018 year published and 2019 in setup.

    Returns the province, on which the other demo blocks are built.
    """
    tay_ninh, _ = Province.objects.get_or_create(code="72", defaults={"name": "Tây Ninh"})
    long_an, _ = Province.objects.get_or_create(
        code="80",
        defaults={
            "name": "Long An",
            "successor": tay_ninh,
            "merged_on": datetime.date(2025, 7, 1),
        },
    )

    ktkt, units = _ktkt_block(tay_ninh)
    term_2018, term_2019 = _ktkt_terms(ktkt, units)
    _ktkt_campaigns(tay_ninh, ktkt, term_2018, units)
    users = _demo_users(tay_ninh, ktkt, units)
    scale_2018 = scale_for(term_2018, status=Scale.Status.DRAFT)
    scale_for(term_2019, status=Scale.Status.DRAFT)
    _year_2018(term_2018, scale_2018, units, board=users["bantdkt"])
    return tay_ninh


def _ktkt_block(tay_ninh: Province) -> tuple[Block, dict[str, Unit]]:
    ktkt, _ = Block.objects.get_or_create(
        province=tay_ninh,
        name="Khối thi đua Kinh tế - Kỹ thuật",
        defaults={
            "kind": Block.Kind.KHOI,
            "description": "8 sở, ban, ngành khối kinh tế - kỹ thuật của tỉnh Tây Ninh.",
            "rotation_policy": Block.Rotation.ELECTION,
        },
    )
    units = {name: unit_of(tay_ninh, name, short, kind) for name, short, kind in KTKT_UNITS}
    for unit in units.values():
        _member(ktkt, unit, datetime.date(2018, 1, 1))

    return ktkt, units


def _ktkt_terms(ktkt: Block, units: dict[str, Unit]) -> tuple[Term, Term]:
    leader_2018 = units["Sở Nông nghiệp và Phát triển nông thôn"]
    deputy_2018 = units["Ban Quản lý Khu kinh tế tỉnh"]
    term_2018, _ = Term.objects.get_or_create(
        block=ktkt,
        year=2018,
        # Set up, then taken through the year by the services (`_year_2018`).
        defaults={"leader": leader_2018, "deputy": deputy_2018, "status": Term.Status.SETUP},
    )
    term_2019, _ = Term.objects.get_or_create(
        block=ktkt,
        year=2019,
        defaults={"leader": units["Ban Quản lý Khu kinh tế tỉnh"], "status": Term.Status.SETUP},
    )
    FlagHandover.objects.get_or_create(
        from_term=term_2018,
        to_term=term_2019,
        defaults={
            "handed_on": datetime.date(2019, 1, 22),
            "place": "Tây Ninh",
            "note": "Hội nghị tổng kết công tác thi đua năm 2018; biểu quyết bầu Khối trưởng 2019.",
        },
    )

    return term_2018, term_2019


def _ktkt_campaigns(
    tay_ninh: Province, ktkt: Block, term_2018: Term, units: dict[str, Unit]
) -> None:
    movement, _ = Campaign.objects.get_or_create(
        name="Phong trào thi đua yêu nước năm 2018",
        block=ktkt,
        defaults={
            "level": Campaign.Level.BLOCK,
            "kind": Campaign.Kind.REGULAR,
            "theme": "Đoàn kết, sáng tạo, thi đua xây dựng và bảo vệ Tổ quốc",
            "launched_on": datetime.date(2018, 1, 1),
            "ends_on": datetime.date(2018, 12, 31),
            "launched_by": "Các đơn vị thành viên Khối thi đua Kinh tế - Kỹ thuật",
            "province": tay_ninh,
        },
    )
    Campaign.objects.get_or_create(
        name="Đợt thi đua đặc biệt năm 2018",
        block=ktkt,
        defaults={
            "level": Campaign.Level.BLOCK,
            "kind": Campaign.Kind.SPECIAL,
            "theme": (
                "Đoàn kết, sáng tạo, phát huy truyền thống, cống hiến tài năng, lập công dâng Bác"
            ),
            "launched_on": datetime.date(2018, 1, 1),
            "ends_on": datetime.date(2018, 6, 30),
            "launched_by": "Các đơn vị thành viên Khối thi đua Kinh tế - Kỹ thuật",
            "province": tay_ninh,
        },
    )
    _outside_movements(tay_ninh, term_2018, units, movement)


def _outside_movements(
    tay_ninh: Province, term_2018: Term, units: dict[str, Unit], movement: Campaign
) -> None:
    """The province and central movements, and (invented) how each unit took them up."""
    outside = []
    for name, level, theme, launched_by in OUTSIDE_MOVEMENTS:
        campaign, _ = Campaign.objects.get_or_create(
            name=name,
            defaults={
                "level": level,
                "kind": Campaign.Kind.THEMATIC,
                "theme": theme,
                "launched_by": launched_by,
                "province": tay_ninh if level == Campaign.Level.PROVINCIAL else None,
            },
        )
        outside.append(campaign)
    # Which unit ran which outside movement separately, which integrated it.
    ordered_units = [units[name] for name, *_ in KTKT_UNITS]
    for index, unit in enumerate(ordered_units):
        for offset, campaign in enumerate(outside):
            integrated = (index + offset) % 2 == 0
            CampaignAdoption.objects.get_or_create(
                term=term_2018,
                campaign=campaign,
                unit=unit,
                defaults={
                    "mode": CampaignAdoption.Mode.INTEGRATED
                    if integrated
                    else CampaignAdoption.Mode.SEPARATE,
                    "integrated_into": movement if integrated else None,
                },
            )


def _demo_users(province: Province, block: Block, units: dict[str, Unit]) -> dict[str, User]:
    attributes = {
        "admin": {"is_superuser": True, "is_staff": True},
        "bantdkt": {"board_province": province, "job_title": "Phó Trưởng Ban"},
        "khoitruong": {
            "unit": units["Ban Quản lý Khu kinh tế tỉnh"],
            "job_title": "Chuyên viên thi đua",
        },
        "thanhvien": {"unit": units["Sở Công thương"], "job_title": "Chuyên viên thi đua"},
        "hoidong": {"job_title": "Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh"},
    }
    users = {}
    for username, full_name, _role, _attrs in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "email": f"{username}@thidua.example",
                **attributes[username],
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if username == "hoidong":
                user.council_blocks.add(block)
        users[username] = user
    return users
