#!/bin/sh
# run-python.sh - make check wrapper: core.sql through python3's sqlite3
# module (run-python.py) and the module's API surface (python-api.py), each
# on the system library and on ours.  Exit 77 = skip without python3.
command -v python3 > /dev/null 2>&1 || { echo "run-python: SKIP: no python3"; exit 77; }
here=$(dirname "$0")
rc=0
python3 "$here/run-python.py" "$@" || rc=1
python3 "$here/python-api.py" || rc=1
exit $rc
