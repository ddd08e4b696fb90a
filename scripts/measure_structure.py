"""Structure figures for docs/architecture.md: the ten largest modules, functions over 50 lines.

    python3 scripts/measure_structure.py [ROOT]

Counts the project's own Python (no migrations, tests or virtualenv). Duplicated runs are
counted with the `duplicates` tool: `duplicates --min-lines 10 --most 200`, pairs outside
migrations and tests.
"""

import ast
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
mods = []
funcs = []
for p in root.rglob("*.py"):
    rel = p.relative_to(root)
    parts = rel.parts
    if parts[0] in (".venv", "tests", "staticfiles") or "migrations" in parts:
        continue
    text = p.read_text()
    mods.append((len(text.splitlines()), str(rel)))
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            n = node.end_lineno - node.lineno + 1
            if n > 50:
                funcs.append((n, f"{rel}:{node.lineno} {node.name}"))
mods.sort(reverse=True)
funcs.sort(reverse=True)
print("Largest modules:")
for n, m in mods[:10]:
    print(f"  {n:5d}  {m}")
print(f"Functions over 50 lines: {len(funcs)}")
for n, f in funcs:
    print(f"  {n:5d}  {f}")
