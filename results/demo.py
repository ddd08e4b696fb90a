"""The demo data: the Tây Ninh "Khối thi đua Kinh tế - Kỹ thuật" of 2018, and a synthetic block.

Facts from the seed article (shared/seed, BTNO 22/01/2019): the block, its 8 members, the 2018
leader and deputy, the 2018 movement and special campaign with their themes, the three
province/central movements, the 8-criterion scale (titles and points invented after a published
table of the same shape), the 2018 top 3 and the 2019 leader. Everything else — the scores,
the decision number, the bonus and deduction items, which unit integrated which movement, the
second block — is invented for the demo and says so where it shows.

`load_demo()` is idempotent: every row is looked up by its natural key first, so running it
twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from blocks.models import Block, FlagHandover, Membership, Province, Term, Unit
from campaigns import demo as campaigns_demo
from campaigns.models import Campaign, CampaignAdoption, Criterion, Scale
from results.models import Incident, PublishedResult, TiePolicy
from results.services import publish_term
from scoring import demo as scoring_demo
from scoring.models import Score, ScoreSheet

DEMO_PASSWORD = "ThiDua@2018"

KTKT_UNITS = [
    # name, short name, kind
    ("Ban Quản lý Khu kinh tế tỉnh", "BQL KKT", Unit.Kind.BOARD),
    ("Sở Xây dựng", "SXD", Unit.Kind.DEPARTMENT),
    ("Sở Giao thông vận tải", "SGTVT", Unit.Kind.DEPARTMENT),
    ("Sở Tài nguyên và Môi trường", "STNMT", Unit.Kind.DEPARTMENT),
    ("Sở Công thương", "SCT", Unit.Kind.DEPARTMENT),
    ("Sở Thông tin và Truyền thông", "STTTT", Unit.Kind.DEPARTMENT),
    ("Sở Khoa học và Công nghệ", "SKHCN", Unit.Kind.DEPARTMENT),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT", Unit.Kind.DEPARTMENT),
]

# code, title, points: the 8-criterion, 100-point shape of a published HCMC table.
SCALE_2018 = [
    ("1", "Tổ chức hoạt động của Khối, đăng ký thi đua đúng thời gian quy định", "10"),
    ("2", "Thực hiện giao ước thi đua và các hoạt động chung của Khối", "10"),
    (
        "3",
        "Kế hoạch phát động phong trào thi đua, đợt thi đua; tổ chức hội nghị sơ kết, tổng kết",
        "20",
    ),
    ("4", "Công tác kiểm tra, tự kiểm tra phong trào thi đua", "10"),
    ("5", "Báo cáo đầy đủ, đúng thời gian quy định", "10"),
    ("6", "Xây dựng, nhân rộng điển hình tiên tiến, mô hình hay", "10"),
    ("7", "Công tác khen thưởng đúng quy định, kịp thời", "20"),
    ("8", "Cải cách hành chính và ứng dụng công nghệ thông tin", "10"),
]
BONUS_DEDUCTION_2018 = [
    # code, title, kind, cap, per occurrence
    ("T1", "Được cấp trên khen thưởng (Cờ thi đua, Bằng khen) trong năm", "bonus", "10", "5"),
    ("T2", "Thực hiện nhiệm vụ Khối trưởng, Khối phó", "bonus", "3", None),
    ("D1", "Nộp báo cáo trễ hạn (mỗi lần)", "deduction", "5", "1"),
]

# Invented 2018 points (final, after review) per unit, criteria 1-8, then T1, T2, D1.
# They reproduce the published order: Sở Công thương, Sở Khoa học và Công nghệ, Sở Xây dựng.
SCORES_2018 = {
    "Sở Công thương": (["10", "10", "19", "10", "9.5", "10", "19", "9.5"], ["10", "0", "0"]),
    "Sở Khoa học và Công nghệ": (
        ["10", "9.5", "18.5", "9.5", "9.5", "9.5", "19", "10"],
        ["0", "0", "0"],
    ),
    "Sở Xây dựng": (["9.5", "9.5", "18", "9.5", "9", "9", "18.5", "9.5"], ["0", "0", "0"]),
    "Sở Nông nghiệp và Phát triển nông thôn": (
        ["9", "9", "18", "9", "8.5", "8.5", "18", "9"],
        ["0", "3", "0"],
    ),
    "Ban Quản lý Khu kinh tế tỉnh": (
        ["9", "9", "17.5", "9", "8.5", "8.5", "17.5", "9"],
        ["0", "2", "0"],
    ),
    "Sở Thông tin và Truyền thông": (
        ["9", "8.5", "17.5", "8.5", "8.5", "8.5", "17", "9.5"],
        ["0", "0", "0"],
    ),
    "Sở Giao thông vận tải": (["9", "8.5", "17", "9", "8", "8.5", "17.5", "9"], ["0", "0", "1"]),
    "Sở Tài nguyên và Môi trường": (
        ["8.5", "9", "17", "8.5", "8.5", "8", "17", "8.5"],
        ["0", "0", "0"],
    ),
}
# Where the leader's review changed a unit's own figure, with the reason it gave.
REVIEW_CHANGES_2018 = {
    ("Sở Xây dựng", "3"): ("19", "Chưa có biên bản hội nghị sơ kết 6 tháng kèm theo."),
    ("Sở Giao thông vận tải", "5"): ("9", "Báo cáo quý III nộp trễ 5 ngày."),
    ("Sở Tài nguyên và Môi trường", "6"): ("9", "Mô hình đăng ký chưa được nhân rộng."),
}

OUTSIDE_MOVEMENTS = [
    # name, level, theme, launched by
    (
        "Chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
        Campaign.Level.CENTRAL,
        "",
        "Thủ tướng Chính phủ",
    ),
    (
        "Doanh nghiệp Việt Nam hội nhập và phát triển",
        Campaign.Level.CENTRAL,
        "",
        "Thủ tướng Chính phủ",
    ),
    (
        "Tây Ninh chung sức xây dựng nông thôn mới",
        Campaign.Level.PROVINCIAL,
        "Gắn với cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”",
        "UBND tỉnh Tây Ninh",
    ),
]

SYNTHETIC_UNITS = [
    ("Sở Giáo dục và Đào tạo", "SGDĐT", Unit.Kind.DEPARTMENT),
    ("Sở Y tế", "SYT", Unit.Kind.DEPARTMENT),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", Unit.Kind.DEPARTMENT),
    ("Sở Lao động - Thương binh và Xã hội", "SLĐTBXH", Unit.Kind.DEPARTMENT),
    ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", Unit.Kind.OTHER),
]

DEMO_USERS = [
    # username, full name, role description, attributes
    ("admin", "Quản trị hệ thống", "superuser", {}),
    ("bantdkt", "Nguyễn Thị Thủy", "board staff (Ban Thi đua - Khen thưởng tỉnh Tây Ninh)", {}),
    ("khoitruong", "Trần Văn Minh", "leader-unit officer (Ban Quản lý Khu kinh tế tỉnh)", {}),
    ("thanhvien", "Lê Thị Hoa", "member-unit officer (Sở Công thương)", {}),
    ("hoidong", "Phạm Quốc Hùng", "council member (Khối Kinh tế - Kỹ thuật)", {}),
]


def _d(value: str) -> Decimal:
    return Decimal(value)


def _unit(province: Province, name: str, short: str, kind: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        province=province, name=name, defaults={"short_name": short, "kind": kind}
    )
    return unit


def _member(block: Block, unit: Unit, since: datetime.date) -> None:
    Membership.objects.get_or_create(block=block, unit=unit, valid_from=since)


def _scale(term: Term, *, status: str) -> Scale:
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
                max_points=_d(points),
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
                max_points=_d(cap),
                points_per_occurrence=_d(per) if per else None,
            )
    return scale


def _scores_2018(term: Term, scale: Scale, units: dict[str, Unit], reviewer: User) -> None:
    criteria = {c.code: c for c in scale.criteria.all()}
    extra_codes = [code for code, *_ in BONUS_DEDUCTION_2018]
    for unit_name, (base, extra) in SCORES_2018.items():
        sheet, created = ScoreSheet.objects.get_or_create(
            term=term,
            unit=units[unit_name],
            defaults={
                "scale": scale,
                "status": ScoreSheet.Status.VERIFIED,
                "submitted_at": datetime.datetime(2018, 12, 10, 9, 0, tzinfo=datetime.UTC),
                "verified_by": reviewer,
                "verified_at": datetime.datetime(2019, 1, 8, 9, 0, tzinfo=datetime.UTC),
            },
        )
        if not created:
            continue
        figures = dict(zip([c for c, *_ in SCALE_2018], base, strict=True))
        figures.update(zip(extra_codes, extra, strict=True))
        for code, final in figures.items():
            criterion = criteria[code]
            changed = REVIEW_CHANGES_2018.get((unit_name, code))
            occurrences = None
            if criterion.points_per_occurrence:
                occurrences = int(_d(final) / criterion.points_per_occurrence)
            Score.objects.create(
                sheet=sheet,
                criterion=criterion,
                self_points=_d(changed[0]) if changed else _d(final),
                self_occurrences=occurrences,
                reviewed_points=_d(final) if changed else None,
                reviewed_occurrences=occurrences if changed else None,
                review_reason=changed[1] if changed else "",
            )


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Load (or complete) the demo data. Returns the demo logins: (username, password, role)."""
    tay_ninh, _ = Province.objects.get_or_create(code="72", defaults={"name": "Tây Ninh"})
    long_an, _ = Province.objects.get_or_create(
        code="80",
        defaults={
            "name": "Long An",
            "successor": tay_ninh,
            "merged_on": datetime.date(2025, 7, 1),
        },
    )

    ktkt, _ = Block.objects.get_or_create(
        province=tay_ninh,
        name="Khối thi đua Kinh tế - Kỹ thuật",
        defaults={
            "kind": Block.Kind.KHOI,
            "description": "8 sở, ban, ngành khối kinh tế - kỹ thuật của tỉnh Tây Ninh.",
            "rotation_policy": Block.Rotation.ELECTION,
        },
    )
    units = {name: _unit(tay_ninh, name, short, kind) for name, short, kind in KTKT_UNITS}
    for unit in units.values():
        _member(ktkt, unit, datetime.date(2018, 1, 1))

    leader_2018 = units["Sở Nông nghiệp và Phát triển nông thôn"]
    deputy_2018 = units["Ban Quản lý Khu kinh tế tỉnh"]
    term_2018, _ = Term.objects.get_or_create(
        block=ktkt,
        year=2018,
        defaults={
            "leader": leader_2018,
            "deputy": deputy_2018,
            "status": Term.Status.REVIEW,
            "scoring_opens_at": datetime.datetime(2018, 11, 30, 17, 0, tzinfo=datetime.UTC),
            "scoring_closes_at": datetime.datetime(2018, 12, 20, 10, 0, tzinfo=datetime.UTC),
        },
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
    # Invented: which unit ran which outside movement separately, which integrated it.
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

    users = _demo_users(tay_ninh, ktkt, units)
    scale_2018 = _scale(term_2018, status=Scale.Status.LOCKED)
    _scale(term_2019, status=Scale.Status.DRAFT)
    _scores_2018(term_2018, scale_2018, units, reviewer=users["bantdkt"])
    if not PublishedResult.objects.filter(term=term_2018).exists():
        # Invented: the block's tie-break rules (no tie occurs in the 2018 figures).
        TiePolicy.objects.get_or_create(
            term=term_2018, defaults={"rules": ["full_marks", "fewer_deductions"]}
        )
        publish_term(
            term=term_2018,
            actor=users["bantdkt"],
            decision_number="05/QĐ-KTKT (demo)",
            decision_date=datetime.date(2019, 1, 22),
        )

    _synthetic_block(tay_ninh)
    # Each app adds the demo of its own features on top (pact and registrations; an open
    # scoring window with evidence and a query), all idempotent.
    campaigns_demo.load_demo()
    extra_logins = scoring_demo.load_demo()
    return [(username, DEMO_PASSWORD, role) for username, _n, role, _a in DEMO_USERS] + extra_logins


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


def _synthetic_block(province: Province) -> None:
    """A second, invented block so lists show more than one, with a year in progress."""
    block, _ = Block.objects.get_or_create(
        province=province,
        name="Khối thi đua Văn hóa - Xã hội (dữ liệu minh họa)",
        defaults={
            "kind": Block.Kind.KHOI,
            "description": "Khối minh họa, không có trong bài báo gốc.",
            "rotation_policy": Block.Rotation.ORDERED,
        },
    )
    units = [_unit(province, name, short, kind) for name, short, kind in SYNTHETIC_UNITS]
    for position, unit in enumerate(units, start=1):
        Membership.objects.get_or_create(
            block=block,
            unit=unit,
            valid_from=datetime.date(2019, 1, 1),
            defaults={"rotation_position": position},
        )
    term, _ = Term.objects.get_or_create(
        block=block,
        year=2019,
        defaults={"leader": units[1], "deputy": units[0], "status": Term.Status.SCORING},
    )
    scale = _scale(term, status=Scale.Status.LOCKED)
    # Invented, to show the eligibility gate on the year in progress.
    Incident.objects.get_or_create(
        term=term,
        unit=units[0],
        kind=Incident.Kind.DISCIPLINE,
        defaults={"note": "Lãnh đạo đơn vị bị kỷ luật khiển trách (dữ liệu minh họa)."},
    )
    for unit, status in zip(
        units,
        [
            ScoreSheet.Status.VERIFIED,
            ScoreSheet.Status.SUBMITTED,
            ScoreSheet.Status.DRAFT,
            ScoreSheet.Status.NOT_STARTED,
            ScoreSheet.Status.VERIFIED,
        ],
        strict=True,
    ):
        sheet, created = ScoreSheet.objects.get_or_create(
            term=term, unit=unit, defaults={"scale": scale, "status": status}
        )
        if created and status != ScoreSheet.Status.NOT_STARTED:
            for index, criterion in enumerate(scale.criteria.filter(kind=Criterion.Kind.SCORED)):
                Score.objects.create(
                    sheet=sheet,
                    criterion=criterion,
                    self_points=criterion.max_points - Decimal("0.5") * ((index + unit.pk) % 3),
                )
