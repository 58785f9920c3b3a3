#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Fills DIST (default dist/) with a release: the .deb, the .tar.gz, SHA256SUMS, the release notes
# (the changelog's top entry) and a one-page download page with the README's screenshots.
#   installer/make-release.sh [--build BUILD_DIR] [DIST]
# Without --build it makes a fresh Release build in build-release/ (tests off). The packages are
# reproducible: SOURCE_DATE_EPOCH is the changelog's date unless it is set already.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=""
if [[ ${1:-} == --build ]]; then
    build=$(cd "${2:?--build needs a directory}" && pwd)
    shift 2
fi
dist=$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)

version=$(sed -n '1s/^curtain (\([^)]*\)).*/\1/p' "$root/installer/changelog")
date_line=$(sed -n '0,/^ -- /s/^ -- .*>  \(.*\)$/\1/p' "$root/installer/changelog")
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d "$date_line" +%s)}

if [[ -z $build ]]; then
    build="$root/build-release"
    # shellcheck source=../scripts/deps.sh
    source "$root/scripts/deps.sh"
    curtain_ensure_packages
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
        -DCURTAIN_BENCHMARKS=OFF -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
    cmake --build "$build" -j2
fi
built=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ $built == "$version" ]] || { echo "make-release: the build is $built, the changelog $version" >&2; exit 1; }

rm -rf "$dist"/*
(cd "$build" && cpack -G DEB -B "$dist/cpack" >/dev/null && cpack -G TGZ -B "$dist/cpack" >/dev/null)
mv "$dist"/cpack/curtain_*.deb "$dist"/cpack/curtain-*.tar.gz "$dist/"
rm -rf "$dist/cpack"
deb=$(basename "$(ls "$dist"/curtain_*.deb)")
tgz=$(basename "$(ls "$dist"/curtain-*.tar.gz)")
(cd "$dist" && sha256sum "$deb" "$tgz" >SHA256SUMS)

# Release notes: the changelog's top entry, as a person reads it.
awk 'NR>1 && /^curtain \(/ {exit} NR>2 && !/^ -- / {print}' "$root/installer/changelog" \
    | sed 's/^  //' >"$dist/RELEASE-NOTES.txt"

mkdir -p "$dist/screenshots"
for shot in classforge scheduler startup present-console; do
    cp "$root/resources/screenshots/$shot.png" "$dist/screenshots/"
done
size() { du -k "$dist/$1" | cut -f1; }
sum() { grep " $1\$" "$dist/SHA256SUMS" | cut -d' ' -f1; }
notes=$(sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g' "$dist/RELEASE-NOTES.txt")
cat >"$dist/index.html" <<HTML
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Curtain $version: download</title>
<style>
body { font-family: sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }
img { max-width: 100%; border: 1px solid #888; }
code, pre { background: #f2f2f2; padding: 0.1em 0.3em; }
table { border-collapse: collapse; } td, th { padding: 0.3em 0.8em; border: 1px solid #bbb; }
</style>
</head>
<body>
<h1>Curtain $version</h1>
<p>Curtain is a desktop teaching app for seeing how Python really works underneath: how the real
CPython interpreter builds classes and metaclasses (Class Forge), how threads, processes,
coroutines and the GIL share real cores (Scheduler Lab), and how a startup's queues behave
(Startup Sim). Its presenter mode gives the talks it grew from, with live demos.</p>
<p><img src="screenshots/classforge.png" alt="Class Forge tracing a metaclass, step by step"></p>
<h2>Which file?</h2>
<table>
<tr><th>You have</th><th>Download</th><th>Size</th></tr>
<tr><td>Debian 12 or Ubuntu with Qt 6.4 (recommended)</td><td><a href="$deb">$deb</a></td><td>$(size "$deb") KiB</td></tr>
<tr><td>Any Debian 12 system, without installing (unpack and run)</td><td><a href="$tgz">$tgz</a></td><td>$(size "$tgz") KiB</td></tr>
</table>
<h2>Install</h2>
<pre>sudo apt-get install ./$deb
curtain            # or find Curtain in the Education menu</pre>
<p>The .tar.gz unpacks anywhere; its <code>README-FIRST.txt</code> lists the Debian packages it needs.</p>
<h2>Check the download</h2>
<pre>sha256sum -c <a href="SHA256SUMS">SHA256SUMS</a></pre>
<table>
<tr><td>$deb</td><td><code>$(sum "$deb")</code></td></tr>
<tr><td>$tgz</td><td><code>$(sum "$tgz")</code></td></tr>
</table>
<h2>What is new</h2>
<pre>$notes</pre>
<h2>More pictures</h2>
<p><img src="screenshots/scheduler.png" alt="Scheduler Lab: two threads taking turns with the GIL"></p>
<p><img src="screenshots/startup.png" alt="Startup Sim: a day of the transcoding queue"></p>
<p><img src="screenshots/present-console.png" alt="Presenter mode: the presenter console"></p>
<p>Curtain is free software under the GNU GPL, version 3 or later. <a href="RELEASE-NOTES.txt">Release notes</a>.</p>
</body>
</html>
HTML
echo "make-release: $dist: $deb, $tgz, SHA256SUMS, RELEASE-NOTES.txt, index.html"
