#!/usr/bin/env bash
# Print a Python >= 3.12 interpreter, or explain how to get one and fail.
set -u
candidates=("${PYTHON:-}" python3.13 python3.12 python3.14 python3 python)
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[2-9]' | sort -rV); do
    candidates+=("$(pyenv root)/versions/$v/bin/python")
  done
fi
for py in "${candidates[@]}"; do
  [ -n "$py" ] || continue
  command -v "$py" >/dev/null 2>&1 || [ -x "$py" ] || continue
  if "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    command -v "$py" 2>/dev/null || echo "$py"
    exit 0
  fi
done
echo "Accord needs Python 3.12 or newer, and none was found." >&2
echo "Install one (e.g. 'pyenv install 3.13' or your system's python3.13 package)," >&2
echo "or point to it: make run PYTHON=/path/to/python3.13" >&2
exit 1
