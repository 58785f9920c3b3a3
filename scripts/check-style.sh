#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# The house rules a reviewer should not have to check by eye:
#   - every C++ file is formatted as .clang-format says;
#   - no feature module includes another (classforge, scheduler, startup, present), kit and
#     protocol (the runner's vocabulary) include no module, pyrunner only kit and protocol, and no
#     engine (core) includes its module's widgets (ui);
#   - with --tidy [BUILD]: clang-tidy's checks (.clang-tidy) find nothing in modules/ and app/.
# Exits 1 naming each file and line that breaks a rule.
#   scripts/check-style.sh              # format and layering (seconds)
#   scripts/check-style.sh --tidy build # and clang-tidy over the compile database in build/
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
status=0

# --- format
mapfile -t sources < <(git ls-files '*.cpp' '*.h')
if ! command -v clang-format >/dev/null; then
    echo "check-style: clang-format is missing (apt-get install clang-format)" >&2
    exit 1
fi
if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/check-style-format.$$; then
    grep -E '^[^ ].*: (error|warning):' /tmp/check-style-format.$$ | cut -d: -f1,2 | sort -u |
        sed 's/$/: not formatted as .clang-format says (run clang-format -i on it)/' >&2
    status=1
fi
rm -f /tmp/check-style-format.$$

# --- layering: which modules each module may include
declare -A may=(
    [kit]="kit"
    [protocol]="protocol"
    [pyrunner]="kit protocol pyrunner"
    [classforge]="kit protocol pyrunner classforge"
    [scheduler]="kit protocol pyrunner scheduler"
    [startup]="kit startup"
    [present]="kit present"
)
modules_with_prefix="kit|protocol|pyrunner|classforge|scheduler|startup|present|app"
for module in "${!may[@]}"; do
    while IFS= read -r hit; do
        file=${hit%%:*}
        rest=${hit#*:}
        line=${rest%%:*}
        text=${rest#*:}
        target=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1/' <<<"$text")
        if [[ $text =~ \#[[:space:]]*include[[:space:]]*\" ]]; then
            # Quotes are for the file's own folder: anything further is reached by its prefix.
            if [[ $target == */* ]]; then
                echo "$file:$line: \"$target\" leaves the file's folder: include another" \
                    "folder's header by its module prefix (<module/header.h>)" >&2
                status=1
            fi
            continue
        fi
        prefix=${target%%/*}
        header=${target#*/}
        [[ $target == */* && $prefix =~ ^($modules_with_prefix)$ ]] || continue
        if [[ $header == *..* ]]; then
            echo "$file:$line: <$target> climbs out of $prefix with '..'" >&2
            status=1
        elif [[ " ${may[$module]} " != *" $prefix "* ]]; then
            echo "$file:$line: $module includes $prefix's <$prefix/$header>: feature modules never" \
                "include each other (share it through kit/ or a module of its own)" >&2
            status=1
        elif [[ $file == modules/$module/core/* && $prefix == "$module" \
                && -e modules/$module/ui/$header && ! -e modules/$module/core/$header ]]; then
            echo "$file:$line: the $module engine includes its widgets' <$prefix/$header>:" \
                "core never depends on ui" >&2
            status=1
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' -r "modules/$module" \
                 --include='*.cpp' --include='*.h' --include='*.in' || true)
done

# --- clang-tidy, when asked
if [[ ${1:-} == --tidy ]]; then
    build=${2:-build}
    if [[ ! -f $build/compile_commands.json ]]; then
        echo "check-style: $build/compile_commands.json is missing: configure and build first" >&2
        exit 1
    fi
    jobs=$(nproc)
    findings=$(run-clang-tidy-14 -p "$build" -j "$jobs" -quiet "$root/(modules|app)/" 2>&1 |
                   sed 's/\x1b\[[0-9;]*m//g' | grep -a ': warning: ' | sort -u || true)
    if [[ -n $findings ]]; then
        echo "$findings" | sed "s|$root/||" >&2
        echo "check-style: clang-tidy: $(wc -l <<<"$findings") finding(s)" >&2
        status=1
    fi
fi

if [[ $status == 0 ]]; then
    echo "check-style: format and layering hold${1:+, clang-tidy finds nothing}"
fi
exit $status
