#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# The tests under AddressSanitizer + UndefinedBehaviorSanitizer, then under ThreadSanitizer, each
# in its own build directory. Extra arguments go to ctest, e.g. the engines only:
#   scripts/test-sanitizers.sh -L 'pyrunner|scheduler|classforge'
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CURTAIN_SANITIZE='address;undefined' bash "$here/test.sh" "$@"
CURTAIN_SANITIZE=thread bash "$here/test.sh" "$@"
