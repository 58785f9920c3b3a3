#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Two Release builds of this source in two different folders, packaged with the same
# SOURCE_DATE_EPOCH: the .deb files must be identical, byte for byte (diffoscope, if installed,
# says where they differ when they do not).
#   installer/test-reproducible.sh          (about two full builds: 10 minutes on 2 cores)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
date_line=$(sed -n '0,/^ -- /s/^ -- .*>  \(.*\)$/\1/p' "$root/installer/changelog")
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d "$date_line" +%s)}
for side in a b-with-a-longer-path; do
    cmake -S "$root" -B "$work/$side" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
        -DCURTAIN_BENCHMARKS=OFF -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
    cmake --build "$work/$side" -j2 >/dev/null
    (cd "$work/$side" && cpack -G DEB -B "$work/$side/packages" >/dev/null)
done
a=$(ls "$work"/a/packages/curtain_*.deb)
b=$(ls "$work"/b-with-a-longer-path/packages/curtain_*.deb)
if cmp -s "$a" "$b"; then
    echo "test-reproducible: identical ($(sha256sum <"$a" | cut -c1-16)…, $(du -k "$a" | cut -f1) KiB)"
else
    command -v diffoscope >/dev/null && diffoscope "$a" "$b" | head -60
    echo "test-reproducible: the two packages differ" >&2
    exit 1
fi
