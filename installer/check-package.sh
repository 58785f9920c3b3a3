#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the DEB and TGZ packages from a finished build and checks that each, unpacked, starts:
# --version, `info` finds the data beside it, and --screenshot renders a window.
#   installer/check-package.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: check-package.sh BUILD_DIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "check-package: $*" >&2; exit 1; }

check_tree() { # check_tree LABEL PREFIX
    local label=$1 prefix=$2 exe=$2/bin/curtain
    [[ -x $exe ]] || fail "$label: $exe missing"
    local version
    version=$(env -u DISPLAY -u QT_QPA_PLATFORM "$exe" --version) || fail "$label: --version failed"
    [[ $version == "curtain "* ]] || fail "$label: --version printed '$version'"
    local info
    info=$(env -u DISPLAY "$exe" info) || fail "$label: info failed"
    grep -q "\"data_dir\": \"$prefix/share/curtain\"" <<<"$info" \
        || fail "$label: data dir is not inside the package: $info"
    grep -q '"data_dir_exists": true' <<<"$info" || fail "$label: data dir missing: $info"
    grep -q "classforge/04_enforcer.py" <<<"$info" || fail "$label: lessons missing: $info"
    grep -q "\"libexec_dir\": \"$prefix/libexec/curtain\"" <<<"$info" \
        || fail "$label: libexec dir is not inside the package: $info"
    [[ -x $prefix/libexec/curtain/curtain-runner ]] || fail "$label: curtain-runner missing"
    "$exe" measure --model processes --workload cpu --workers 2 --tasks 4 --task-ms 2 >/dev/null \
        || fail "$label: measure with worker processes failed"
    local trace
    trace=$("$exe" trace-class "$prefix/share/curtain/lessons/classforge/04_enforcer.py") \
        || fail "$label: trace-class failed"
    grep -q '"kind": "class_created"' <<<"$trace" || fail "$label: trace-class traced nothing"
    grep -q '"error": null' <<<"$trace" || fail "$label: trace-class ended in an error"
    env -u DISPLAY -u QT_QPA_PLATFORM XDG_CONFIG_HOME="$work/config" \
        "$exe" --screenshot "$work/$label.png" 2>/dev/null || fail "$label: --screenshot failed"
    [[ -s $work/$label.png ]] || fail "$label: no screenshot written"
    echo "check-package: $label ok ($version, data in $prefix/share/curtain)"
}

cd "$build"
cpack -G TGZ -B "$work/packages" >"$work/cpack-tgz.log" 2>&1 || { cat "$work/cpack-tgz.log"; fail "cpack -G TGZ failed"; }
cpack -G DEB -B "$work/packages" >"$work/cpack-deb.log" 2>&1 || { cat "$work/cpack-deb.log"; fail "cpack -G DEB failed"; }

tgz=$(ls "$work"/packages/curtain-*.tar.gz)
mkdir -p "$work/tgz"
tar -xzf "$tgz" -C "$work/tgz"
check_tree tgz "$(ls -d "$work"/tgz/curtain-*)"

deb=$(ls "$work"/packages/curtain_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for needed in libqt6widgets6 libqcustomplot libpython3.11 libqt6sql6-sqlite; do
    grep -q "$needed" <<<"$depends" || fail "deb: Depends lacks $needed: $depends"
done
mkdir -p "$work/deb"
dpkg-deb -x "$deb" "$work/deb"
check_tree deb "$work/deb/usr"
# A desktop package: menu entry, icons, metainfo, MIME type, man page, copyright, changelog.
app=org.curtainapp.Curtain
for file in share/applications/$app.desktop share/metainfo/$app.metainfo.xml \
    share/mime/packages/$app.xml share/icons/hicolor/scalable/apps/$app.svg \
    share/icons/hicolor/16x16/apps/$app.png share/icons/hicolor/512x512/apps/$app.png \
    share/man/man1/curtain.1.gz share/doc/curtain/copyright share/doc/curtain/changelog.gz; do
    [[ -s $work/deb/usr/$file ]] || fail "deb: $file missing"
done
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$work/deb/usr/share/applications/$app.desktop" | grep -v '^.*hint:' \
        | grep . && fail "deb: the desktop file does not validate"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$work/deb/usr/share/metainfo/$app.metainfo.xml" >/dev/null \
        || fail "deb: the metainfo does not validate"
fi
zcat "$work/deb/usr/share/man/man1/curtain.1.gz" | grep -q 'deck export' \
    || fail "deb: the man page does not cover every subcommand"
compgen -G "$work/tgz/curtain-*/README-FIRST.txt" >/dev/null || fail "tgz: README-FIRST.txt missing"
echo "check-package: $(basename "$deb") and $(basename "$tgz") ok"
