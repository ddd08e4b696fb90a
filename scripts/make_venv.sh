#!/usr/bin/env bash
# Create the project's virtual environment. Debian's python3 lacks ensurepip until the
# python3-venv package is installed: as root we install it, otherwise we say what to run.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  exit 0
fi
rm -rf "$venv"
if "$python" -m venv "$venv" 2>/dev/null; then
  exit 0
fi
rm -rf "$venv"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "python3 -m venv needs Debian's python3-venv; installing it." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  exec "$python" -m venv "$venv"
fi
echo "Cannot create a virtual environment: install Debian's python3-venv package" >&2
echo "  (sudo apt-get install python3-venv) and run make again." >&2
exit 1
