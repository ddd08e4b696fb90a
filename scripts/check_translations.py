"""Fail when a Vietnamese catalogue has an untranslated or fuzzy entry, or a stale .mo file.

Run by `make i18n-check`, by .ci/run, and (as a function) by tests/test_i18n.py.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles"}


def catalogues() -> list[Path]:
    return sorted(
        p
        for p in ROOT.glob("**/locale/vi/LC_MESSAGES/*.po")
        if not SKIP.intersection(p.relative_to(ROOT).parts)
    )


def problems() -> list[str]:
    found = []
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        rel = po_path.relative_to(ROOT)
        for entry in po.untranslated_entries():
            found.append(f"{rel}: untranslated: {entry.msgid!r}")
        for entry in po.fuzzy_entries():
            found.append(f"{rel}: fuzzy: {entry.msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            found.append(f"{rel}: no compiled .mo file (run make i18n)")
            continue
        mo = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(mo_path))}
        for entry in po.translated_entries():
            compiled = mo.get((entry.msgctxt, entry.msgid))
            if compiled is None or (
                compiled.msgstr != entry.msgstr or compiled.msgstr_plural != entry.msgstr_plural
            ):
                found.append(f"{rel}: .mo is stale for {entry.msgid!r} (run make i18n)")
                break
    return found


def main() -> int:
    if not catalogues():
        print("No Vietnamese catalogue found.", file=sys.stderr)
        return 1
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    print(f"{len(catalogues())} catalogue(s) checked, {len(found)} problem(s).")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
