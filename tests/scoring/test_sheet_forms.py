"""The whole-sheet save checks its form on the scale's criteria alone (`selectors.criteria_rows`)
and shows it again, when refused, on the page's rows: the same markup as a form built on the
page's rows. Its fields are copied from prototypes (`scoring.forms._field_copy`) the way
`copy.deepcopy` copies them, and the save reads the leaf criteria only when the form's do not
fit the locked sheet."""

import copy
from decimal import Decimal
from types import SimpleNamespace

import pytest

from campaigns.models import Criterion
from scoring import forms as scoring_forms
from scoring import selectors
from scoring.forms import SelfScoreForm
from scoring.models import Score, ScoreSheet
from scoring.services.common import ensure_scores
from scoring.templatetags.sheet_tags import self_score_rows
from tests.factories import ScaleFactory, make_scored_term
from tests.scoring.test_sheet_rows import _rows

K = Criterion.Kind


def test_a_copied_field_is_what_deepcopy_gives():
    form = SelfScoreForm(rows=_rows())  # builds every kind of prototype
    assert len(scoring_forms._PROTOTYPES) >= 4
    for prototype in scoring_forms._PROTOTYPES.values():
        mine, theirs = scoring_forms._field_copy(prototype), copy.deepcopy(prototype)
        assert type(mine) is type(theirs) and type(mine.widget) is type(theirs.widget)
        assert vars(mine).keys() == vars(theirs).keys()
        assert vars(mine.widget) == vars(theirs.widget)
        for name, value in vars(mine).items():
            if name != "widget":
                assert value == getattr(theirs, name), name
        # What deepcopy makes the copy's own, it owns: changing it leaves the prototype as is.
        assert mine.widget is not prototype.widget
        assert mine.widget.attrs is not prototype.widget.attrs
        assert mine.error_messages is not prototype.error_messages
        assert mine.validators is not prototype.validators
    assert form.fields["points_2"].widget is not form.fields["points_6"].widget


def _posted():
    return {
        "version": "3",
        "points_2": "abc",
        "note_2": "x" * 3000,
        "occ_3": "-1",
        "points_6": "8,5",
        "note_6": "<script>",
        "points_4": "1",
        "occ_5": "2",
    }


def test_a_form_checked_on_the_criteria_shows_again_as_one_built_on_the_page_rows():
    page_rows = _rows()
    term, sheet = SimpleNamespace(block_id=7, year=2026), SimpleNamespace(unit_id=9)
    on_page = SelfScoreForm(_posted(), rows=page_rows)
    on_page.is_valid()
    criteria = [row.criterion for row in page_rows]
    for criterion in criteria:
        criterion.parent_id = None if criterion.kind == K.GROUP else 1
    checked = SelfScoreForm(_posted(), rows=selectors.criteria_rows(criteria))
    assert not checked.is_valid()
    assert checked.errors == on_page.errors
    checked.show_rows(page_rows)
    assert self_score_rows(checked, term, sheet) == self_score_rows(on_page, term, sheet)


@pytest.mark.django_db
def test_the_save_reads_the_criteria_itself_when_the_form_s_are_of_another_scale(world, inside):
    term = make_scored_term(units=2, criteria=3, year=2026, status=ScoreSheet.Status.DRAFT)
    sheet = ScoreSheet.objects.select_related("scale").filter(term=term).first()
    Score.objects.filter(sheet=sheet).delete()
    other = ScaleFactory(term=term, version=2)
    stray = [Criterion.objects.create(scale=other, code="X", title="X", max_points=Decimal(1))]
    scores = ensure_scores(sheet, stray)
    leaves = set(
        Criterion.objects.filter(scale=sheet.scale)
        .exclude(kind=K.GROUP)
        .values_list("pk", flat=True)
    )
    assert set(scores) == leaves
    assert all(score.criterion.scale_id == sheet.scale_id for score in scores.values())
    # The sheet's own criteria: no read of them, each score given its criterion object.
    own = list(Criterion.objects.filter(scale=sheet.scale).exclude(kind=K.GROUP))
    scores = ensure_scores(sheet, own)
    assert {id(score.criterion) for score in scores.values()} == {id(c) for c in own}


@pytest.mark.parametrize("form_class", [SelfScoreForm, scoring_forms.ReviewForm])
@pytest.mark.parametrize(
    "posted",
    [
        _posted(),
        {"version": "3", "points_2": "1", "points_4": "0,5", "occ_5": "", "note_6": "ok"},
        {"version": "x"},
        {},
    ],
)
def test_the_lean_field_cleaning_gives_what_django_s_gives(form_class, posted):
    """`_RowsForm._clean_fields` skips the BoundFields; Django's own loop must agree with it
    on the cleaned values and the errors, valid or not."""
    from django import forms as django_forms

    posted = {**posted, **{k.replace("points_", "rpoints_"): v for k, v in posted.items()}}
    lean = form_class(posted, rows=_rows())
    lean.is_valid()
    django_way = form_class(posted, rows=_rows())
    django_way._clean_fields = lambda: django_forms.Form._clean_fields(django_way)
    django_way.is_valid()
    assert lean.cleaned_data == django_way.cleaned_data
    assert lean.errors == django_way.errors
    assert {n: f.widget.attrs for n, f in lean.fields.items()} == {
        n: f.widget.attrs for n, f in django_way.fields.items()
    }
