#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# The clean-machine test: builds the packages from BUILD_DIR, runs lintian (no errors, no
# warnings), makes a minimal Debian 12 with debootstrap (cached in $CURTAIN_CHROOT_CACHE after
# the first time), installs the .deb with apt as a user would, runs every part of Curtain as a
# normal user (the GUI under xvfb-run too), purges it and checks that nothing is left, then
# unpacks the .tar.gz in a fresh folder and runs it.
#   installer/test-clean-install.sh [BUILD_DIR]      (as root; Debian's archive must be reachable)
# Without root, or when the archive cannot be reached at all, it says SKIPPED loudly and exits 0;
# any other failure exits 1.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
cache=${CURTAIN_CHROOT_CACHE:-/var/cache/curtain/bookworm-minbase}
start=$(date +%s)
skip() {
    echo "=================================================================" >&2
    echo "test-clean-install: SKIPPED: $*" >&2
    echo "=================================================================" >&2
    exit 0
}
fail() { echo "test-clean-install: FAILED: $*" >&2; exit 1; }
step() { echo "test-clean-install: [$(($(date +%s) - start)) s] $*"; }
retry() { # retry COMMAND...: network steps get three tries
    local i
    for i in 1 2 3; do
        "$@" && return 0
        step "attempt $i of 3 failed: $*"
        sleep $((i * 5))
    done
    return 1
}

[[ $(id -u) -eq 0 ]] || skip "needs root (debootstrap, chroot, apt)"
for tool in debootstrap lintian cpack; do
    command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh installs it)"
done
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d /var/tmp/curtain-clean.XXXXXX)
chroot_dir="$work/root"
cleanup() {
    for mount in dev/pts dev proc; do
        mountpoint -q "$chroot_dir/$mount" 2>/dev/null && umount -l "$chroot_dir/$mount"
    done
    rm -rf "$work"
}
trap cleanup EXIT

step "packages from $build"
(cd "$build" && cpack -G DEB -B "$work/packages" >"$work/cpack.log" 2>&1 && cpack -G TGZ -B "$work/packages" >>"$work/cpack.log" 2>&1) \
    || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/packages/curtain_*.deb)
tgz=$(ls "$work"/packages/curtain-*.tar.gz)
step "sizes: $(basename "$deb") $(du -k "$deb" | cut -f1) KiB, $(basename "$tgz") $(du -k "$tgz" | cut -f1) KiB, installed $(dpkg-deb -f "$deb" Installed-Size) KiB"

step "lintian"
chmod 755 "$work" "$work/packages"
chmod 644 "$deb"
# lintian does not want root; "nobody" reads the package.
if ! su nobody -s /bin/sh -c "lintian --fail-on error,warning '$deb'" >"$work/lintian.log" 2>&1; then
    cat "$work/lintian.log"
    fail "lintian found errors or warnings"
fi
step "lintian: clean ($(grep -c '^[EW]:' "$work/lintian.log" || true) errors or warnings)"

if [[ ! -x $cache/usr/bin/apt-get ]]; then
    step "debootstrap --variant=minbase bookworm (cached in $cache for next time)"
    mkdir -p "$(dirname "$cache")"
    rm -rf "$cache.partial"
    retry debootstrap --variant=minbase bookworm "$cache.partial" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -5 "$work/debootstrap.log" >&2; skip "Debian's archive ($mirror) cannot be reached"; }
    mv "$cache.partial" "$cache"
fi
step "a fresh copy of the clean Debian 12"
cp -a "$cache" "$chroot_dir"
mount -t proc proc "$chroot_dir/proc"
mount --bind /dev "$chroot_dir/dev"
mount --bind /dev/pts "$chroot_dir/dev/pts"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
in_root() { chroot "$chroot_dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
as_user() { chroot --userspec=learner:learner "$chroot_dir" env -i PATH=/usr/bin:/bin HOME=/home/learner LANG=C.UTF-8 XDG_RUNTIME_DIR=/tmp/learner-runtime "$@"; }

step "apt-get install ./$(basename "$deb"), as a user would"
cp "$deb" "$tgz" "$chroot_dir/tmp/"
retry in_root apt-get -q -o Acquire::Retries=3 update >"$work/apt.log" 2>&1 \
    || { tail -5 "$work/apt.log" >&2; skip "Debian's archive ($mirror) cannot be reached from the chroot"; }
retry in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Acquire::Retries=3 install \
    "/tmp/$(basename "$deb")" xvfb xauth >>"$work/apt.log" 2>&1 \
    || { tail -20 "$work/apt.log" >&2; fail "apt-get install of the .deb"; }
in_root dpkg -L curtain >"$work/files"
in_root useradd --create-home learner
in_root install -d -o learner -g learner -m 700 /tmp/learner-runtime

step "as a normal user: --version, info, trace-class, measure, simulate, deck check"
as_user curtain --version | grep -q '^curtain ' || fail "curtain --version"
as_user curtain info | grep -q '"data_dir": "/usr/share/curtain"' || fail "curtain info: data not in /usr/share/curtain"
as_user curtain trace-class /usr/share/curtain/lessons/classforge/04_enforcer.py | grep -q '"kind": "class_created"' \
    || fail "trace-class on an installed lesson"
as_user curtain measure --model processes --workload cpu --workers 2 --tasks 4 --task-ms 2 | grep -q '"tasks_completed": 4' \
    || fail "measure with worker processes"
for scenario in "$chroot_dir"/usr/share/curtain/scenarios/*.json; do
    as_user curtain simulate "/usr/share/curtain/scenarios/$(basename "$scenario")" >/dev/null \
        || fail "simulate $(basename "$scenario")"
done
for deck in "$chroot_dir"/usr/share/curtain/decks/*.md; do
    as_user curtain deck check "/usr/share/curtain/decks/$(basename "$deck")" | grep -q ': sound' \
        || fail "deck check $(basename "$deck")"
done
as_user curtain deck export metaclasses /tmp/learner-runtime/talk.pdf >/dev/null || fail "deck export"
step "the GUI under xvfb-run: a screenshot, then a few seconds of the running app"
as_user xvfb-run -a curtain --screenshot /tmp/learner-runtime/shot.png >/dev/null 2>&1 \
    || fail "the GUI did not start under X"
[[ -s $chroot_dir/tmp/learner-runtime/shot.png ]] || fail "no screenshot from the GUI"
status=0
as_user xvfb-run -a timeout -s TERM 5 curtain --module classforge >/dev/null 2>&1 || status=$?
[[ $status -eq 0 || $status -eq 124 ]] || fail "the GUI exited with $status within 5 s"
[[ -s $chroot_dir/usr/share/applications/org.curtainapp.Curtain.desktop ]] || fail "no menu entry"

step "apt-get purge: nothing is left"
in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y purge curtain >>"$work/apt.log" 2>&1 || fail "purge"
if in_root dpkg -s curtain >/dev/null 2>&1; then fail "curtain is still known to dpkg"; fi
while read -r path; do
    [[ -f $chroot_dir$path || -L $chroot_dir$path ]] && fail "purge left $path"
done <"$work/files"
for dir in /usr/share/curtain /usr/libexec/curtain /usr/share/doc/curtain; do
    [[ -e $chroot_dir$dir ]] && fail "purge left $dir"
done

step "the .tar.gz, unpacked in a fresh folder, as the user"
in_root install -d -o learner -g learner /home/learner/unpacked
in_root su learner -c "tar -xzf /tmp/$(basename "$tgz") -C /home/learner/unpacked"
top=$(basename "$(ls -d "$chroot_dir"/home/learner/unpacked/curtain-*)")
as_user "/home/learner/unpacked/$top/bin/curtain" --version | grep -q '^curtain ' || fail "tgz: --version"
as_user "/home/learner/unpacked/$top/bin/curtain" info | grep -q "\"data_dir\": \"/home/learner/unpacked/$top/share/curtain\"" \
    || fail "tgz: data is not beside the binary"
as_user "/home/learner/unpacked/$top/bin/curtain" trace-class "/home/learner/unpacked/$top/share/curtain/lessons/classforge/01_person.py" \
    | grep -q '"kind": "class_created"' || fail "tgz: trace-class"
[[ -s $chroot_dir/home/learner/unpacked/$top/README-FIRST.txt ]] || fail "tgz: README-FIRST.txt missing"

step "PASSED in $(($(date +%s) - start)) s"
