#!/usr/bin/env bash
# First command of the README: install what is missing, build, run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
if [ -f scripts/demo.sh ]; then bash scripts/demo.sh; fi
