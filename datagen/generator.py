"""Synthetic national-scale data: provinces, blocks, units, officers and years of scoring.

Deterministic for a seed: the same sizes and seed give the same names, leaders, statuses and
points (primary keys depend on what the database already holds). Rows are written with
`bulk_create`, one province-year per transaction, so the national size (10 provinces × 35
blocks × 15 units × 30 criteria × 10 years: 1.7 million scores) loads in minutes.

Years, oldest first: all but the last two are published (through
`results.services.publish_term`, after every row of the year is written, so the frozen-year
rules are never crossed); the last but one is under review; the last has scoring open, its
window around the time of the run so officers can save.
"""

import dataclasses
import datetime
import math
import random
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from blocks.models import Block, Membership, Province, Term, Unit
from campaigns.models import Criterion, Scale
from datagen.progress import Progress
from results.services import publish_term
from scoring.models import Score, ScoreSheet

# Every generated officer signs in with this password (documented in docs/performance.md).
PASSWORD = "thidua-bench-2025"
CODE_PREFIX = "G"
BATCH = 5000
QUARTER = Decimal("0.25")

FIELDS = [
    "Tài chính", "Y tế", "Giáo dục và Đào tạo", "Xây dựng", "Nội vụ", "Tư pháp", "Công Thương",
    "Nông nghiệp và Môi trường", "Văn hóa, Thể thao và Du lịch", "Khoa học và Công nghệ",
    "Dân tộc và Tôn giáo", "Ngoại vụ", "Thanh tra", "Giao thông", "Lao động",
]  # fmt: skip
KINDS = [
    ("Sở", Unit.Kind.DEPARTMENT), ("Ban", Unit.Kind.BOARD), ("Hội", Unit.Kind.MASS_ORGANISATION),
    ("Trung tâm", Unit.Kind.OTHER), ("Công ty", Unit.Kind.ENTERPRISE),
]  # fmt: skip
PROVINCES = [
    "Tây Ninh", "Đồng Nai", "Lâm Đồng", "Đắk Lắk", "Quảng Ngãi", "Gia Lai", "Khánh Hòa",
    "Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Ninh Bình", "Phú Thọ", "Lào Cai", "Tuyên Quang",
    "Thái Nguyên", "Lạng Sơn", "Cao Bằng", "Điện Biên", "Lai Châu", "Sơn La", "Quảng Ninh",
    "Hưng Yên", "Bắc Ninh", "Quảng Trị", "Cà Mau", "An Giang", "Vĩnh Long", "Đồng Tháp",
]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Size:
    provinces: int
    blocks: int  # per province
    units: int  # per block
    criteria: int  # scored criteria per scale (plus one bonus and one deduction line)
    years: int

    @property
    def terms(self) -> int:
        return self.provinces * self.blocks * self.years

    @property
    def sheets(self) -> int:
        return self.terms * self.units


@dataclasses.dataclass
class Summary:
    provinces: int = 0
    units: int = 0
    users: int = 0
    terms: int = 0
    sheets: int = 0
    scores: int = 0
    published: int = 0
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)


def year_statuses(last_year: int, years: int) -> list[tuple[int, str]]:
    """(year, status) oldest first: published years, then one in review, then one open."""
    statuses = []
    for index in range(years):
        from_end = years - 1 - index
        if from_end == 0:
            status = Term.Status.SCORING
        elif from_end == 1:
            status = Term.Status.REVIEW
        else:
            status = Term.Status.PUBLISHED
        statuses.append((last_year - from_end, status))
    return statuses


class Generator:
    """Writes one generated country. `run()` is the only entry point."""

    def __init__(self, *, size: Size, seed: int, last_year: int, stream: TextIO) -> None:
        self.size, self.seed, self.last_year, self.stream = size, seed, last_year, stream
        self.rng = random.Random(seed)
        self.summary = Summary()
        self.provinces: list[Province] = []
        # Per province: blocks, and each block's member units in rotation order.
        self.blocks: dict[int, list[Block]] = {}
        self.members: dict[int, list[Unit]] = {}
        self.board: dict[int, object] = {}
        self.strength: dict[int, float] = {}

    def run(self) -> Summary:
        """Build the country, then each year; returns counts and the time of each stage."""
        self._country()
        now = timezone.now()
        for year, status in year_statuses(self.last_year, self.size.years):
            self._year(year, status, now)
        return self.summary

    # --- The country: provinces, units, blocks, memberships, officers -----------------------

    @transaction.atomic
    def _country(self) -> None:
        """Provinces, blocks, units, memberships and accounts, in bulk.

        A little over fifty lines on purpose: one pass per province that keeps the insert order
        (and so the ids) the same for a seed; split up, the order would be harder to see.
        """
        size = self.size
        progress = Progress(self.stream, "country", size.provinces)
        first_day = datetime.date(self.last_year - size.years + 1, 1, 1)
        password = make_password(PASSWORD, salt=f"datagen{self.seed:010d}"[:16])
        user_model = get_user_model()
        for p in range(1, size.provinces + 1):
            name = PROVINCES[(p - 1) % len(PROVINCES)]
            if p > len(PROVINCES):
                name = f"{name} {p}"
            province = Province.objects.create(code=f"{CODE_PREFIX}{p:02d}", name=name)
            self.provinces.append(province)
            blocks = Block.objects.bulk_create(
                Block(province=province, name=f"Khối thi đua số {b:02d}", kind=Block.Kind.KHOI)
                for b in range(1, size.blocks + 1)
            )
            units = Unit.objects.bulk_create(self._units(province))
            for unit in units:
                # A unit's habitual level, so rankings are stable from one year to the next.
                self.strength[unit.pk] = self.rng.uniform(0.55, 0.98)
            memberships, officers = [], []
            for b, block in enumerate(blocks):
                members = units[b * size.units : (b + 1) * size.units]
                self.members[block.pk] = members
                for position, unit in enumerate(members, start=1):
                    memberships.append(
                        Membership(
                            block=block, unit=unit, valid_from=first_day, rotation_position=position
                        )
                    )
                    officers.append(
                        user_model(
                            username=f"g{p:02d}b{b + 1:02d}u{position:02d}",
                            full_name=f"Cán bộ {unit.label}",
                            unit=unit,
                            password=password,
                        )
                    )
            self.blocks[province.pk] = blocks
            Membership.objects.bulk_create(memberships, batch_size=BATCH)
            board = user_model(
                username=f"g{p:02d}board",
                full_name=f"Ban Thi đua - Khen thưởng {name}",
                board_province=province,
                password=password,
            )
            user_model.objects.bulk_create([*officers, board], batch_size=BATCH)
            self.board[province.pk] = user_model.objects.get(username=board.username)
            self.summary.units += len(units)
            self.summary.users += len(officers) + 1
            progress.advance()
        self.summary.provinces = size.provinces
        self.summary.seconds["country"] = progress.finish()

    def _units(self, province: Province) -> list[Unit]:
        units = []
        for n in range(1, self.size.blocks * self.size.units + 1):
            word, kind = KINDS[self.rng.randrange(len(KINDS))]
            field = FIELDS[self.rng.randrange(len(FIELDS))]
            unit = Unit(
                province=province,
                name=f"{word} {field} số {n:03d}",
                short_name=f"{word} {n:03d}",
                kind=kind,
            )
            units.append(unit)
        return units

    # --- One year of every block -------------------------------------------------------------

    def _year(self, year: int, status: str, now: datetime.datetime) -> None:
        progress = Progress(self.stream, f"{year} {status}", self.size.provinces)
        published = []
        for province in self.provinces:
            published += self._province_year(province, year, status, now)
            progress.advance()
        self.summary.seconds[f"{year} rows"] = progress.finish()
        if published:
            progress = Progress(self.stream, f"{year} publish", len(published))
            for term in published:
                publish_term(
                    term=term,
                    actor=self.board[term.block.province_id],
                    decision_number=f"{term.pk}/QĐ-TĐKT",
                    decision_date=datetime.date(year + 1, 1, 20),
                )
                progress.advance()
            self.summary.published += len(published)
            self.summary.seconds[f"{year} publish"] = progress.finish()

    @transaction.atomic
    def _province_year(
        self, province: Province, year: int, status: str, now: datetime.datetime
    ) -> list[Term]:
        """Write one province's block-years of `year`; returns the terms still to publish."""
        blocks = self.blocks[province.pk]
        offset = year - (self.last_year - self.size.years + 1)
        window = {}
        if status == Term.Status.SCORING:
            midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
            window = {
                "scoring_opens_at": midnight - datetime.timedelta(days=30),
                "scoring_closes_at": midnight + datetime.timedelta(days=60),
            }
        terms = Term.objects.bulk_create(
            self._term(block, year, offset, status, window) for block in blocks
        )
        scales = Scale.objects.bulk_create(
            Scale(term=term, version=1, status=Scale.Status.LOCKED) for term in terms
        )
        leaves = self._criteria(scales)
        sheets, scores = self._sheets(terms, scales, leaves, status, province)
        self.summary.terms += len(terms)
        self.summary.sheets += len(sheets)
        self.summary.scores += scores
        return terms if status == Term.Status.PUBLISHED else []

    def _term(self, block: Block, year: int, offset: int, status: str, window: dict) -> Term:
        members = self.members[block.pk]
        leader = members[offset % len(members)]
        deputy = members[(offset + 1) % len(members)] if len(members) > 1 else None
        # A published year is written in review and published once every row is in place.
        stored = Term.Status.REVIEW if status == Term.Status.PUBLISHED else status
        return Term(block=block, year=year, leader=leader, deputy=deputy, status=stored, **window)

    def _criteria(self, scales: list[Scale]) -> dict[int, list[Criterion]]:
        """Groups of up to ten scored criteria, a bonus and a deduction line, per scale."""
        count = self.size.criteria
        group_count = max(1, math.ceil(count / 10))
        per_group = math.ceil(count / group_count)
        maximum = max(Decimal("0.5"), (Decimal(100) / count).quantize(Decimal("0.5")))
        groups = Criterion.objects.bulk_create(
            Criterion(
                scale=scale,
                code=_roman(g + 1),
                title=f"Nhóm tiêu chí {_roman(g + 1)}",
                order=g * (per_group + 1),
                kind=Criterion.Kind.GROUP,
                max_points=maximum * per_group,
            )
            for scale in scales
            for g in range(group_count)
        )
        leaves = []
        for s, scale in enumerate(scales):
            for n in range(count):
                g = n // per_group
                leaves.append(
                    Criterion(
                        scale=scale,
                        parent=groups[s * group_count + g],
                        code=f"{_roman(g + 1)}.{n % per_group + 1}",
                        title=f"Tiêu chí {n + 1}: hoàn thành nhiệm vụ được giao",
                        order=g * (per_group + 1) + n % per_group + 1,
                        max_points=maximum,
                    )
                )
            end = group_count * (per_group + 1)
            leaves.append(_extra(scale, "KT", Criterion.Kind.BONUS, end, Decimal("5")))
            leaves.append(_extra(scale, "TR", Criterion.Kind.DEDUCTION, end + 1, Decimal("5")))
        Criterion.objects.bulk_create(leaves, batch_size=BATCH)
        by_scale: dict[int, list[Criterion]] = {}
        for leaf in leaves:
            by_scale.setdefault(leaf.scale_id, []).append(leaf)
        return by_scale

    def _sheets(self, terms, scales, leaves, status, province) -> tuple[list[ScoreSheet], int]:
        board = self.board[province.pk]
        sheets = []
        for term, scale in zip(terms, scales, strict=True):
            for unit in self.members[term.block_id]:
                sheet_status = self._sheet_status(status)
                sheet = ScoreSheet(term=term, unit=unit, scale=scale, status=sheet_status)
                if sheet_status != ScoreSheet.Status.NOT_STARTED:
                    sheet.submitted_at = datetime.datetime(term.year, 12, 10, tzinfo=datetime.UTC)
                if sheet_status in (ScoreSheet.Status.VERIFIED, ScoreSheet.Status.LOCKED):
                    sheet.verified_by = board
                    sheet.verified_at = datetime.datetime(term.year, 12, 28, tzinfo=datetime.UTC)
                sheets.append(sheet)
        ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH)
        scores = [
            score
            for sheet in sheets
            for score in self._scores(sheet, leaves[sheet.scale_id], status)
        ]
        Score.objects.bulk_create(scores, batch_size=BATCH)
        return sheets, len(scores)

    def _sheet_status(self, year_status: str) -> str:
        draw = self.rng.random()
        if year_status == Term.Status.PUBLISHED:
            # Locked before publication: `publish_term` then has no sheet left to lock.
            return ScoreSheet.Status.LOCKED
        if year_status == Term.Status.REVIEW:
            if draw < 0.55:
                return ScoreSheet.Status.VERIFIED
            if draw < 0.75:
                return ScoreSheet.Status.UNDER_REVIEW
            if draw < 0.9:
                return ScoreSheet.Status.SUBMITTED
            return ScoreSheet.Status.NEEDS_EXPLANATION
        if draw < 0.2:
            return ScoreSheet.Status.NOT_STARTED
        if draw < 0.7:
            return ScoreSheet.Status.DRAFT
        return ScoreSheet.Status.SUBMITTED

    def _scores(self, sheet: ScoreSheet, criteria: list[Criterion], year_status: str):
        if sheet.status == ScoreSheet.Status.NOT_STARTED:
            return
        strength = self.strength[sheet.unit_id]
        # A draft of the open year is two-thirds filled in.
        filled = len(criteria) * 2 // 3 if sheet.status == ScoreSheet.Status.DRAFT else None
        reviewed = sheet.status in (ScoreSheet.Status.VERIFIED, ScoreSheet.Status.LOCKED)
        for index, criterion in enumerate(criteria):
            if filled is not None and index >= filled:
                return
            if criterion.kind == Criterion.Kind.DEDUCTION:
                share = 0.0 if self.rng.random() < 0.8 else self.rng.random() * 0.4
            else:
                share = min(1.0, max(0.0, strength + self.rng.uniform(-0.12, 0.12)))
            points = _quarter(criterion.max_points * Decimal(share))
            score = Score(sheet=sheet, criterion=criterion, self_points=points)
            if reviewed and year_status != Term.Status.SCORING and self.rng.random() < 0.08:
                score.reviewed_points = max(Decimal(0), points - QUARTER * 2)
                score.review_reason = "Chưa đủ minh chứng cho toàn bộ số điểm tự chấm."
            yield score


def _quarter(value: Decimal) -> Decimal:
    return (value / QUARTER).to_integral_value() * QUARTER


def _extra(scale: Scale, code: str, kind: str, order: int, maximum: Decimal) -> Criterion:
    title = "Điểm thưởng" if kind == Criterion.Kind.BONUS else "Điểm trừ"
    return Criterion(
        scale=scale, code=code, title=title, order=order, kind=kind, max_points=maximum
    )


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out
