"""The self-scoring form's rows and the history tables are written in Python
(`scoring.templatetags.sheet_tags`): the markup must be exactly what the template loops they
replace wrote, escaping, errors, evidence, local dates and both languages included."""

import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from campaigns.models import Criterion
from scoring.forms import SelfScoreForm
from scoring.models import Evidence, Score
from scoring.selectors import SheetRow
from scoring.templatetags.sheet_tags import field_html, self_score_rows, widget_html

# The loop of scoring/sheet.html before it became `{% self_score_rows %}`.
OLD_FILE = Path(__file__).with_name("test_sheet_rows_old.html")
OLD_ROWS = "{% load i18n thidua %}" + OLD_FILE.read_text(encoding="utf-8")

K = Criterion.Kind


def _rows() -> list[SheetRow]:
    def crit(pk, code, kind, **kw):
        title = kw.pop("title", f"Tiêu chí {code}")
        return Criterion(pk=pk, code=code, title=title, kind=kind, **kw)

    group = crit(1, "I", K.GROUP, max_points=Decimal("40"), title='Nhóm <"I"> & co')
    scored = crit(
        2,
        "I.1",
        K.SCORED,
        max_points=Decimal("3.30"),
        evidence_required=True,
        guidance='Dòng một\nDòng <b>hai</b> & "ba"',
    )
    counted = crit(
        3, "II.1", K.BONUS, max_points=Decimal("5"), points_per_occurrence=Decimal("0.5")
    )
    bonus = crit(4, "II.2", K.BONUS, max_points=Decimal("2"))
    deduction = crit(
        5,
        "III.1",
        K.DEDUCTION,
        max_points=Decimal("10"),
        points_per_occurrence=Decimal("1.25"),
        evidence_required=True,
    )
    plain = crit(6, "I.2", K.SCORED, max_points=Decimal("10"))
    # Late in the evening in UTC: the next day in Hanoi, so a date shown in UTC would differ.
    at = datetime.datetime(2026, 12, 3, 20, 30, tzinfo=datetime.UTC)
    evidence = [
        Evidence(pk=11, original_name='biên "bản" <1>.pdf', size=1536, uploaded_at=at),
        Evidence(pk=12, original_name="ảnh.png", size=3 * 1024 * 1024, uploaded_at=at),
    ]
    return [
        SheetRow(group, 0),
        SheetRow(
            scored,
            1,
            Score(pk=21, self_points=Decimal("2.5"), self_note='ghi <chú> & "x"'),
            evidence=evidence,
        ),
        SheetRow(plain, 1),
        SheetRow(counted, 1, Score(pk=23, self_occurrences=3, self_points=Decimal("1.5"))),
        SheetRow(bonus, 1, Score(pk=24)),
        SheetRow(deduction, 2),
    ]


def _forms(rows):
    yield SelfScoreForm(rows=rows, initial={"version": 3})
    bad = SelfScoreForm(
        {
            "version": "3",
            "points_2": "abc",
            "note_2": "x" * 3000,
            "occ_3": "-1",
            "points_6": "8,5",
            "note_6": "<script>",
            "points_4": "1",
            "occ_5": "2",
        },
        rows=rows,
    )
    bad.is_valid()
    bad.add_error("points_4", 'Quá "tối đa" <2>')
    yield bad


@pytest.mark.parametrize("language", ["en", "vi"])
def test_rows_written_in_python_match_the_template_they_replace(language):
    rows = _rows()
    term, sheet = SimpleNamespace(block_id=7, year=2026), SimpleNamespace(unit_id=9)
    with translation.override(language):
        for form in _forms(rows):
            context = {"form": form, "term": term, "sheet": sheet}
            old = Template(OLD_ROWS).render(Context(context))
            assert self_score_rows(form, term, sheet) == old
            assert "&lt;b&gt;hai&lt;/b&gt;" in old and "/units/9/criteria/2/history/" in old
            assert ("invalid-feedback" in old) == form.is_bound
            for field in form:
                assert widget_html(field, field.errors) == str(field)
            assert "/units/9/evidence/12/" in old


@pytest.mark.parametrize("language", ["en", "vi"])
def test_each_field_is_written_as_its_partial_writes_it(language):
    """`field_html` reads a field without its `BoundField`: the markup of `_row_field.html`,
    for unbound and bound fields, with errors, and Django's own for a field that also shows its
    initial value (none on the sheets)."""
    partial = Template('{% include "scoring/_row_field.html" %}')
    with translation.override(language):
        for form in _forms(_rows()):
            form.fields["note_6"].show_hidden_initial = True
            for field in form:
                assert field_html(form, field.name) == partial.render(Context({"field": field}))
    assert field_html(form, None) == "\n"


OLD_HISTORY = "{% load i18n scoring_tags %}" + OLD_FILE.with_name(
    "test_history_rows_old.html"
).read_text(encoding="utf-8")


def _entries():
    from accounts.models import User
    from audit.models import AuditEntry

    at = datetime.datetime(2026, 12, 3, 20, 30, 5, tzinfo=datetime.UTC)
    officer = User(pk=3, username="g01b01u02", full_name='Cán bộ <"A"> & B')
    return [
        AuditEntry(
            at=at,
            actor=officer,
            action="scoring.score.self_scored",
            before={"self_points": "7.50", "self_occurrences": None, "self_note": ""},
            after={"self_points": "8.00", "self_note": "<b>x</b>", "criterion": "I.<1>"},
            reason='vì "lý do" <i>',
            ip="10.0.0.1",
        ),
        AuditEntry(
            at=at,
            actor=None,
            action="scoring.sheet.status_changed",
            before={"status": "draft"},
            after={"status": "submitted", "sheet_version": 4},
            reason="",
        ),
        AuditEntry(at=at, actor=User(pk=4, username="u4"), action="x.unknown", after=None),
    ]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_history_rows_written_in_python_match_the_template_they_replace(language, count):
    from scoring.templatetags.sheet_tags import history_rows

    entries = _entries()[:count]
    with translation.override(language):
        old = Template(OLD_HISTORY).render(Context({"entries": entries}))
        assert history_rows(entries) == old
    if count:
        assert "04/12/2026" in old and "&lt;b&gt;x&lt;/b&gt;" in old


# scoring/_history_panel.html before it became `{% history_panel %}`.
OLD_PANEL = OLD_FILE.with_name("test_history_panel_old.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("count", [0, 1, 3])
@pytest.mark.parametrize("state", ["newest", "more", "complete"])
def test_the_history_panel_written_in_python_matches_the_template_it_replaces(
    language, count, state
):
    from scoring.selectors import History
    from scoring.templatetags.sheet_tags import history_panel

    history = History(_entries()[:count], more=state == "more", complete=state == "complete")
    with translation.override(language):
        old = Template(OLD_PANEL).render(Context({"history": history}))
        assert history_panel(history) + "\n" == old
        partial = Template('{% include "scoring/_history_panel.html" %}')
        assert partial.render(Context({"history": history})) == old
        table = Template('{% include "scoring/_history.html" %}')
        assert "\n  " + table.render(Context({"entries": history.entries})) + "\n  " in old


@pytest.mark.parametrize("language", ["en", "vi"])
def test_dates_are_written_as_the_date_filter_writes_them(language, settings):
    """`_date` writes the plain numeric formats itself and leaves the others to Django: the
    same text as `{{ value|date:format }}` in local time, near midnight and the year's turn."""
    from scoring.templatetags.sheet_tags import _date

    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    formats = [
        "SHORT_DATETIME_FORMAT",
        "SHORT_DATE_FORMAT",
        "DATETIME_FORMAT",
        "DATE_FORMAT",
        "d/m/Y H:i:s",
        "j.n.y G:i",
        "Y-m-d",
        r"\N\g\à\y d",
        "D d M",
    ]
    values = [
        datetime.datetime(2026, 12, 31, 16, 59, 59, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 17, 0, 1, tzinfo=datetime.UTC),
        datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        datetime.datetime(2009, 10, 11, 22, 33, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 4, 5, 6, 7),  # naive
        datetime.date(2026, 7, 8),
    ]
    with translation.override(language):
        for name in formats:
            old = Template("{{ value|date:name }}")
            for value in values:
                if type(value) is datetime.date and name not in ("SHORT_DATE_FORMAT", "Y-m-d"):
                    continue  # time format characters: Django refuses a date
                expected = old.render(Context({"value": value, "name": name}))
                assert _date(value, name) == expected, (name, value)
        assert _date(None, "SHORT_DATE_FORMAT") == ""
        # A table's writer looks up the format and the time zone once: the active ones.
        from django.utils import timezone

        from scoring.templatetags.sheet_tags import _date_writer

        with timezone.override("Europe/Paris"):
            when = _date_writer("SHORT_DATETIME_FORMAT")
            for value in values[:5]:
                expected = Template("{{ value|date:'SHORT_DATETIME_FORMAT' }}").render(
                    Context({"value": value})
                )
                assert when(value) == expected
    from scoring.templatetags.sheet_tags import _DATE_PLANS

    assert _DATE_PLANS["d/m/Y H:i:s"] and _DATE_PLANS["j.n.y G:i"]  # written by `_date` itself
    assert _DATE_PLANS["D d M"] is False and _DATE_PLANS[r"\N\g\à\y d"] is False


@pytest.mark.parametrize("language", ["en", "vi"])
def test_history_rows_with_repeated_values_match_the_template(language):
    """The rows write each field's name and each value once per table: repeated, numeric,
    boolean, list and status values still come out as `audit_changes` shows them."""
    from accounts.models import User
    from audit.models import AuditEntry
    from scoring.templatetags.sheet_tags import history_rows

    at = datetime.datetime(2026, 12, 3, 20, 30, 5, tzinfo=datetime.UTC)
    officer = User(pk=3, username="g01b01u02", full_name="Cán bộ A")
    values = [
        ({"self_points": "1"}, {"self_points": "2", "criterion": "I.1"}),
        ({"self_points": "2"}, {"self_points": "1", "criterion": "I.1"}),
        ({"self_points": "1"}, {"self_points": "2", "criterion": "I.2"}),
        ({"self_occurrences": 1}, {"self_occurrences": True}),
        ({"self_occurrences": True}, {"self_occurrences": 1.0}),
        ({"status": "draft"}, {"status": "submitted"}),
        ({"status": "draft"}, {"status": "nonsense"}),
        ({"self_note": ["a", "<b>"]}, {"self_note": {"x": 1}}),
        ({"self_points": "8.50", "self_note": ""}, {"self_points": "8.50", "self_note": "x"}),
        (None, {"reviewed_points": "2.25", "review_reason": "<i>"}),
    ]
    entries = [
        AuditEntry(at=at, actor=officer, action="scoring.score.self_scored", before=b, after=a)
        for b, a in values
    ]
    with translation.override(language):
        old = Template(OLD_HISTORY).render(Context({"entries": entries}))
        assert history_rows(entries) == old
    assert old.count("<tr>") == len(values)
