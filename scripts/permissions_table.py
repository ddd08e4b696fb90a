"""Write the page-by-page table of docs/permissions.md from the permission matrix.

    .venv/bin/python scripts/permissions_table.py        # rewrite the table in place
    .venv/bin/python scripts/permissions_table.py --print

The table is the matrix (`tests/matrix/`, what `tests/test_permissions.py` checks for every
persona) written for people: one line per row, what each persona gets. It sits between the
`matrix:start` and `matrix:end` markers; the rest of the page is written by hand.
`tests/test_permissions.py` fails when a named URL is missing from the page: run this script
after adding rows.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "permissions.md"
START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def _cell(expected) -> str:
    from tests.matrix import Redirect

    if isinstance(expected, Redirect):
        return "login" if expected.label == "accounts:login" else f"→ {expected.label}"
    return {200: "yes"}.get(expected, str(expected))


def table() -> str:
    _setup()
    import tests.matrix
    from tests.conftest import PERSONAS

    rows = []
    for module in sorted(pkgutil.iter_modules(tests.matrix.__path__), key=lambda m: m.name):
        rows.extend(importlib.import_module(f"tests.matrix.{module.name}").ROWS)
    lines = [
        "| Page (URL name) | Method | " + " | ".join(PERSONAS) + " |",
        "|---|---|" + "---|" * len(PERSONAS),
    ]
    for row in sorted(rows, key=lambda r: (r.name, r.method, r.label)):
        name = f"`{row.name}`" + (f" ({row.label})" if row.label else "")
        cells = " | ".join(_cell(row.expect[p]) for p in PERSONAS)
        lines.append(f"| {name} | {row.method.upper()} | {cells} |")
    return "\n".join(lines)


def main() -> None:
    text = table()
    if "--print" in sys.argv:
        print(text)
        return
    doc = DOC.read_text(encoding="utf-8")
    head, rest = doc.split(START, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
