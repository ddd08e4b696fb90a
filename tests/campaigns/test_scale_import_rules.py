"""The scale import checks the whole file with the editor's rules (campaigns.rules) before
writing anything: one test per rule, each naming the row and the column, and a broken file
leaves the draft exactly as it was."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from audit.models import AuditEntry
from campaigns import services, xlsx
from campaigns.models import Criterion

pytestmark = pytest.mark.django_db

HEADER = [
    "Code",
    "Parent code",
    "Kind",
    "Title",
    "Maximum points",
    "Points per occurrence",
    "Evidence required",
    "Guidance",
]
# A valid scale of 100 points: group G (60 + 40), a bonus outside the total.
GOOD = [
    ["G", "", "group", "Nhóm G", 100, None, "", ""],
    ["G1", "G", "scored", "Tiêu chí 1", 60, None, "x", ""],
    ["G2", "G", "scored", "Tiêu chí 2", 40, None, "", ""],
    ["B", "", "bonus", "Thưởng", 10, 5, "", ""],
]


def workbook(rows, header=HEADER) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("thang-diem.xlsx", buffer.getvalue(), content_type=xlsx.XLSX_MIME)


def changed(row_index: int, column: int, value) -> list[list]:
    rows = [list(r) for r in GOOD]
    rows[row_index][column] = value
    return rows


def errors_of(rows, header=HEADER, nominal_total=Decimal("100")) -> list[str]:
    with translation.override("en"):
        return xlsx.parse(workbook(rows, header), nominal_total=nominal_total).errors


def test_the_good_file_reads_whole():
    with translation.override("en"):
        result = xlsx.parse(workbook(GOOD), nominal_total=Decimal("100"))
    assert result.errors == []
    assert [r["code"] for r in result.rows] == ["G", "G1", "G2", "B"]


def test_columns_are_found_by_their_vietnamese_titles_in_any_order():
    header = ["Tiêu đề", "Mã", "Loại", "Mã mục cha", "Điểm chuẩn (tối đa)", "Điểm mỗi lần"]
    rows = [[r[3], r[0], r[2], r[1], r[4], r[5]] for r in GOOD]
    with translation.override("en"):
        result = xlsx.parse(workbook(rows, header), nominal_total=Decimal("100"))
    assert result.errors == []
    assert result.rows[1]["parent_code"] == "G" and result.rows[3]["points_per_occurrence"] == 5


def test_a_missing_column_is_named_once_not_once_per_row():
    header = [h for h in HEADER if h != "Kind"]
    rows = [r[:2] + r[3:] for r in GOOD]
    assert errors_of(rows, header) == ["Column “Kind” is missing."]


def test_the_missing_column_is_named_in_vietnamese():
    header = [h for h in HEADER if h != "Kind"]
    rows = [r[:2] + r[3:] for r in GOOD]
    with translation.override("vi"):
        errors = xlsx.parse(workbook(rows, header), nominal_total=Decimal("100")).errors
    assert errors == ["Cột “Loại” bị thiếu."]


def test_a_renamed_column_is_named_as_unknown_and_missing():
    header = ["Type" if h == "Kind" else h for h in HEADER]
    assert errors_of(GOOD, header) == [
        "Column C, “Type”, is not a column of the scale.",
        "Column “Kind” is missing.",
    ]


def test_a_column_given_twice_is_refused():
    assert errors_of([r + ["x"] for r in GOOD], HEADER + ["Code"]) == [
        "Column “Code” appears twice."
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            changed(1, 4, 70),
            "Row 2, column Maximum points: The criteria of G add up to 110 points, more than "
            "its maximum of 100.",
            id="group-above-its-maximum",
        ),
        pytest.param(
            changed(1, 4, 50),
            "Row 2, column Maximum points: The criteria of G add up to 90 points, less than "
            "its maximum of 100.",
            id="group-below-its-maximum",
        ),
        pytest.param(
            GOOD + [["E", "", "group", "Trống", 0, None, "", ""]],
            "Row 6: Group E has no criteria.",
            id="empty-group",
        ),
        pytest.param(
            GOOD[:3] + [["H", "", "scored", "Thêm", 5, None, "", ""]],
            "The criteria add up to 105 points but the declared nominal total is 100.",
            id="nominal-total",
        ),
        pytest.param(
            [["B", "", "bonus", "Thưởng", 10, 5, "", ""]],
            "The scale has no scored criterion.",
            id="no-scored-criterion",
        ),
        pytest.param(
            changed(3, 5, 20),
            "Row 5, column Points per occurrence: Points per occurrence cannot exceed the cap.",
            id="per-occurrence-above-cap",
        ),
        pytest.param(
            changed(1, 5, 2),
            "Row 3, column Points per occurrence: Only bonus and deduction lines have points "
            "per occurrence.",
            id="per-occurrence-on-a-scored-line",
        ),
        pytest.param(
            changed(3, 5, -1),
            "Row 5, column Points per occurrence: The points per occurrence must be positive.",
            id="per-occurrence-not-positive",
        ),
        pytest.param(
            changed(3, 4, -10),
            "Row 5, column Maximum points: The points cannot be negative.",
            id="negative-points",
        ),
        pytest.param(
            changed(3, 4, "mười"),
            "Row 5, column Maximum points: This is not a number.",
            id="points-not-a-number",
        ),
        pytest.param(
            changed(3, 4, "10,125"),
            "Row 5, column Maximum points: The points are at most 9999.99, with two decimals.",
            id="points-with-three-decimals",
        ),
        pytest.param(
            changed(3, 0, ""), "Row 5, column Code: The code is missing.", id="code-missing"
        ),
        pytest.param(
            changed(3, 0, "B" * 21),
            "Row 5, column Code: The code is longer than 20 characters.",
            id="code-too-long",
        ),
        pytest.param(
            changed(3, 0, "G1"),
            "Row 5, column Code: code G1 is already used on row 3",
            id="code-repeated",
        ),
        pytest.param(
            changed(3, 3, ""), "Row 5, column Title: The title is missing.", id="title-missing"
        ),
        pytest.param(
            changed(3, 3, "x" * 501),
            "Row 5, column Title: The title is longer than 500 characters.",
            id="title-too-long",
        ),
        pytest.param(
            changed(3, 2, "khác"),
            "Row 5, column Kind: unknown kind “khác” (use group, scored, bonus or deduction)",
            id="unknown-kind",
        ),
        pytest.param(
            changed(3, 6, "maybe"),
            "Row 5, column Evidence required: write x (or leave empty) for evidence required",
            id="evidence-flag",
        ),
        pytest.param(
            changed(2, 1, "Z"),
            "Row 4, column Parent code: parent code Z is not in the file.",
            id="parent-not-in-file",
        ),
        pytest.param(
            changed(2, 1, "G1"),
            "Row 4, column Parent code: its parent G1 is not a group.",
            id="parent-not-a-group",
        ),
        pytest.param(
            [
                ["G", "H", "group", "G", 100, None, "", ""],
                ["H", "G", "group", "H", 100, None, "", ""],
                ["G1", "G", "scored", "G1", 100, None, "", ""],
            ],
            "Row 2, column Parent code: the parents form a loop.",
            id="parents-loop",
        ),
        pytest.param(
            [
                ["G", "", "group", "G", 100, None, "", ""],
                ["H", "G", "group", "H", 100, None, "", ""],
                ["K", "H", "group", "K", 100, None, "", ""],
                ["K1", "K", "scored", "K1", 100, None, "", ""],
            ],
            "Row 4, column Parent code: A group cannot go this deep.",
            id="too-deep",
        ),
    ],
)
def test_each_rule_is_reported_with_its_row_and_column(rows, expected):
    errors = errors_of(rows)
    assert expected in errors, errors


def test_every_problem_of_the_file_is_listed_at_once():
    rows = changed(3, 4, -10)
    rows[2][3] = ""
    rows.append(["X", "Z", "scored", "Cha không có", 5, None, "", ""])
    assert errors_of(rows) == [
        "Row 4, column Title: The title is missing.",
        "Row 5, column Maximum points: The points cannot be negative.",
        "Row 5, column Points per occurrence: Points per occurrence cannot exceed the cap.",
        "Row 6, column Parent code: parent code Z is not in the file.",
    ]


def _snapshot(scale) -> tuple:
    scale.refresh_from_db()
    lines = [model_to_dict(c) for c in Criterion.objects.filter(scale=scale).order_by("pk")]
    return model_to_dict(scale), lines, AuditEntry.objects.count()


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: workbook(changed(1, 4, 70)), id="group-above-its-maximum"),
        pytest.param(lambda: workbook(changed(3, 0, "G1")), id="code-repeated"),
        pytest.param(lambda: workbook(GOOD[:3] + [GOOD[1]]), id="nominal-total-and-repeat"),
        pytest.param(
            lambda: workbook([r[:2] + r[3:] for r in GOOD], [h for h in HEADER if h != "Kind"]),
            id="missing-column",
        ),
    ],
)
def test_a_broken_file_leaves_the_draft_exactly_as_it_was(world, draft, client, upload):
    services.criterion_create(
        scale=draft,
        actor=world.users["leader"],
        code="OLD",
        title="Giữ nguyên",
        kind="scored",
        max_points=Decimal("100"),
        guidance="Không đổi",
    )
    before = _snapshot(draft)
    client.force_login(world.users["leader"])
    url = reverse("campaigns:scale_import", args=[draft.term.block_id, draft.term.year])
    response = client.post(url, {"file": upload()})
    assert response.status_code == 200
    assert response.context["errors"]
    assert _snapshot(draft) == before


def test_the_service_refuses_rows_that_break_a_scale_rule_and_writes_nothing(world, draft):
    services.criterion_create(
        scale=draft,
        actor=world.users["leader"],
        code="OLD",
        title="Giữ nguyên",
        kind="scored",
        max_points=Decimal("100"),
    )
    before = _snapshot(draft)
    with translation.override("en"):
        rows = xlsx.parse(workbook(GOOD), nominal_total=Decimal("100")).rows
    rows[1]["max_points"] = Decimal("70")  # the group's criteria now add up to 110
    with pytest.raises(ValidationError) as exc:
        services.scale_replace_criteria(scale=draft, actor=world.users["leader"], rows=rows)
    assert {e.code for e in exc.value.error_list} == {"scale_invalid"}
    assert _snapshot(draft) == before


def test_a_good_file_replaces_the_draft(world, draft, client):
    client.force_login(world.users["leader"])
    url = reverse("campaigns:scale_import", args=[draft.term.block_id, draft.term.year])
    response = client.post(url, {"file": workbook(GOOD)})
    assert response.status_code == 302
    assert list(draft.criteria.order_by("order").values_list("code", flat=True)) == [
        "G",
        "G1",
        "G2",
        "B",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"points_per_occurrence": "20"}, "points_per_occurrence", "per_occurrence_above_cap"),
        (
            {"kind": "deduction", "points_per_occurrence": "10,5"},
            "points_per_occurrence",
            "per_occurrence_above_cap",
        ),
    ],
)
def test_the_editor_form_applies_the_same_line_rules(changes, field, code):
    from campaigns.forms import CriterionForm

    data = {"kind": "bonus", "code": "B", "title": "Thưởng", "max_points": "10"}
    form = CriterionForm({**data, **changes}, groups=[])
    assert not form.is_valid()
    assert code in {e.code for e in form.errors.as_data()[field]}


def test_the_editor_form_drops_points_per_occurrence_on_a_scored_line_like_the_service():
    from campaigns.forms import CriterionForm

    data = {"kind": "scored", "code": "1", "title": "Tiêu chí", "max_points": "10"}
    form = CriterionForm({**data, "points_per_occurrence": "20"}, groups=[])
    assert form.is_valid(), form.errors
