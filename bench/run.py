"""`make bench`: the benchmarks of the project (see docs/performance.md)."""

import runpy
from pathlib import Path

if __name__ == "__main__":
    runpy.run_path(str(Path(__file__).with_name("exports.py")), run_name="__main__")
