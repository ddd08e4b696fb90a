"""Fill Vietnamese catalogue entries from JSON files of {msgid: msgstr}, then compile.

A translator's convenience: after `make i18n`, write the new entries as JSON (a context goes
before the msgid, joined by "\\x04"; a plural entry takes one msgstr, since Vietnamese has one
form) and run `python scripts/apply_translations.py new.json`. Entries already translated are
overwritten only when the JSON names them. Prints what is still missing.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main(paths: list[str]) -> int:
    translations: dict[str, str] = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    missing = set()
    for po_path in sorted(ROOT.glob("**/locale/vi/LC_MESSAGES/*.po")):
        if ".venv" in po_path.parts:
            continue
        po = polib.pofile(str(po_path))
        po.metadata.update(
            {
                "Language": "vi",
                "Plural-Forms": "nplurals=1; plural=0;",
                "Content-Type": "text/plain; charset=UTF-8",
            }
        )
        for entry in po:
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: ""}
            if key in translations:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: translations[key]}
                else:
                    entry.msgstr = translations[key]
            elif not (entry.msgstr or (entry.msgid_plural and entry.msgstr_plural.get(0))):
                missing.add(key)
        po.save(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
    for key in sorted(missing):
        print(f"missing: {key!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
