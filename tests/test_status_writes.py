"""No service writes a status field itself: every change goes through `blocks.states.transition`.

A scan of the services' source for the ways a status can be written by hand: an assignment to
`.status`, `setattr(obj, "status", …)`, or a queryset `update(status=…)` / `bulk_update(…,
["status"])`. Creating a row in its first state (`Scale(status=DRAFT)`) is allowed: that is not
a move.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVICE_FILES = sorted([*ROOT.glob("*/services/*.py"), *ROOT.glob("*/services.py")])


def _status_writes(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            elements = target.elts if isinstance(target, ast.Tuple) else [target]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in elements):
                lines.append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "update" and any(k.arg == "status" for k in node.keywords):
            lines.append(node.lineno)
        if name in ("setattr", "bulk_update") and any(
            isinstance(a, ast.Constant) and a.value == "status"
            for arg in node.args
            for a in ast.walk(arg)
        ):
            lines.append(node.lineno)
    return lines


def test_the_scan_finds_the_services():
    names = {f"{p.parent.name}/{p.name}" for p in SERVICE_FILES}
    assert {"services/scale.py", "services/window.py", "services/publish.py"} <= names


def test_the_scan_sees_each_kind_of_status_write():
    source = (
        "sheet.status = 'locked'\n"
        "a.b, term.status = 1, 2\n"
        "ScoreSheet.objects.filter(term=t).update(status='locked')\n"
        "setattr(sheet, 'status', 'draft')\n"
        "ScoreSheet.objects.bulk_update(sheets, ['status'])\n"
        "Scale(term=t, status='draft')\n"
        "if sheet.status == 'draft': pass\n"
    )
    assert _status_writes(ast.parse(source)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("path", SERVICE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_service_writes_a_status_itself(path):
    lines = _status_writes(ast.parse(path.read_text(encoding="utf-8")))
    assert not lines, f"{path.relative_to(ROOT)}: status written outside transition() at {lines}"
