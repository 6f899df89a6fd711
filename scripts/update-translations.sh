#!/usr/bin/env bash
# Refresh resources/translations/agent_desk_*.ts from the code: strings added to the code appear
# as "unfinished" (translate them in Qt Linguist: .venv/bin/pyside6-linguist FILE), strings
# gone from the code are dropped. See docs/translating.md.
#
#     scripts/update-translations.sh [LANGUAGE...]     (default: every existing .ts; e.g. de)
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=".venv/bin/pyside6-lupdate"
[ -x "$lupdate" ] || { echo "update-translations: run ./scripts/setup.sh first" >&2; exit 1; }
languages=("$@")
if [ ${#languages[@]} -eq 0 ]; then
  for ts in resources/translations/agent_desk_*.ts; do
    [ -e "$ts" ] || continue
    code=${ts##*/agent_desk_}; languages+=("${code%.ts}")
  done
fi
[ ${#languages[@]} -gt 0 ] || { echo "update-translations: name a language (e.g. de)" >&2; exit 2; }
for code in "${languages[@]}"; do
  "$lupdate" -extensions py -locations none -no-obsolete -source-language en \
    -target-language "$code" agent_desk -ts "resources/translations/agent_desk_$code.ts"
done
