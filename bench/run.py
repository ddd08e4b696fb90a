"""`make bench-exports`: the in-process benchmarks (exports, SQLite rush; docs/performance.md)."""

import runpy
import sys
from pathlib import Path

if __name__ == "__main__":
    here = Path(__file__).parent
    runpy.run_path(str(here / "exports.py"), run_name="__main__")
    sys.argv = [sys.argv[0]]
    runpy.run_path(str(here / "sqlite_rush.py"), run_name="__main__")
