#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# A release from a finished build, into a scratch folder, checked: installer/test-release.sh BUILD
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
"$here/make-release.sh" --build "${1:?usage: test-release.sh BUILD_DIR}" "$dist" >/dev/null
"$here/check-release.sh" "$dist"
