#!/bin/bash
# The three work pages' CPU share of the minimal view, in-process, for two checkouts in turn
# (e.g. a worktree of the commit before and this one), ROUNDS times:
#
#     bench/compare_work_pages.sh /path/to/before /path/to/after [ROUNDS]
#
# Each checkout needs its .venv (a link to this one's will do) and the bench database
# (`make bench` makes it). The save changes one figure of g01b01u09's sheet each time.
set -euo pipefail
before=$1
after=$2
rounds=${3:-3}
sheet=/blocks/1/2025/scoring/units/9/
grid=/blocks/1/2024/scoring/review/
for round in $(seq "$rounds"); do
    for tree in "$before" "$after"; do
        cd "$tree"
        save=$(.venv/bin/python bench/profile_request.py $sheet --user g01b01u09 --save --count 300 --no-profile 2>&1 | tail -1)
        review=$(.venv/bin/python bench/profile_request.py $grid --user g01b01u02 --count 300 --no-profile 2>&1 | tail -1)
        page=$(.venv/bin/python bench/profile_request.py $sheet --user g01b01u09 --count 300 --no-profile 2>&1 | tail -1)
        echo "round $round $tree | save: $save | grid: $review | sheet page: $page"
    done
done
