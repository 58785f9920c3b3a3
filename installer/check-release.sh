#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks a release folder made by make-release.sh: every link and picture of the download page
# leads to a file that is there, the checksums match the files, the page quotes them, and the
# release notes, the metainfo and the packages agree on the version and date.
#   installer/check-release.sh DIST
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dist=$(cd "${1:?usage: check-release.sh DIST}" && pwd)
fail() { echo "check-release: $*" >&2; exit 1; }

[[ -s $dist/index.html ]] || fail "no index.html"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match the files"
while read -r hash file; do
    grep -q "$hash" "$dist/index.html" || fail "the page does not quote the checksum of $file"
done <"$dist/SHA256SUMS"
links=$(grep -o -E '(href|src)="[^"]+"' "$dist/index.html" | sed -E 's/^(href|src)="//; s/"$//')
[[ -n $links ]] || fail "the page has no links"
for link in $links; do
    [[ $link == http* ]] && continue
    [[ -s $dist/$link ]] || fail "the page links to $link, which is not in $dist"
done
for kind in deb tar.gz; do
    grep -q "\\.$kind\"" <<<"$(grep -o 'href="[^"]*"' "$dist/index.html")" || fail "no link to the .$kind"
done
version=$(sed -n '1s/^curtain (\([^)]*\)).*/\1/p' "$root/installer/changelog")
deb=$(ls "$dist"/curtain_*.deb)
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "the .deb is not version $version"
date_line=$(sed -n '0,/^ -- /s/^ -- .*>  \(.*\)$/\1/p' "$root/installer/changelog")
day=$(date -d "$date_line" +%Y-%m-%d)
grep -q "CURTAIN_RELEASE_DATE \"$day\"" "$root/CMakeLists.txt" \
    || fail "CMakeLists.txt's CURTAIN_RELEASE_DATE is not the changelog's $day"
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/metainfo/org.curtainapp.Curtain.metainfo.xml \
    | grep -q "<release version=\"$version\" date=\"$day\"" || fail "the metainfo's release is not $version on $day"
[[ -s $dist/RELEASE-NOTES.txt ]] || fail "no release notes"
echo "check-release: $dist ok (version $version of $day, $(wc -l <"$dist/SHA256SUMS") files summed)"
