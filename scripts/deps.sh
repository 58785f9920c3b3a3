# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by run.sh and test.sh: the Debian 12 packages Curtain builds, runs and tests with, and
# the one function that installs the missing ones.

CURTAIN_PACKAGES=(
    cmake ninja-build g++                       # toolchain
    clang-format clang-tidy                     # scripts/check-style.sh: formatting, clang-tidy
    qt6-base-dev qt6-svg-dev libgl-dev          # Qt 6.4: Core Gui Widgets PrintSupport Test Svg
    qt6-qpa-plugins libqt6svg6                  # platform plugins (xcb, offscreen), SVG icons
    libqcustomplot-dev                          # plots
    fonts-dejavu-core                           # text in offscreen renders and screenshots
    libqt6sql6-sqlite                           # the QSQLITE driver: Startup Sim's real database
    python3 libpython3.11-dev                   # the real interpreter: lessons, the Class Forge runner
    libpython3.11-testsuite                     # CPython's own tests, traced by Class Forge's tests
    python3-django python3-sqlalchemy python3-formencode  # the talks' libraries, traced by lessons
    python3-gevent                              # Your Python's gevent lessons: greenlets, libev
    redis-server python3-celery python3-redis   # Startup Sim's real run: Curtain's own Redis, Celery 5
    ffmpeg                                      # ... whose workers transcode with ffmpeg
    python3-tornado                             # ... and the feed's real run: Tornado, Django writing
    dpkg-dev file                               # cpack -G DEB works out library dependencies
    help2man                                    # the man page, made from curtain --help
    lintian desktop-file-utils appstream        # package checks: lintian, the .desktop, the metainfo
    debootstrap                                 # installer/test-clean-install.sh: a clean Debian 12
)

curtain_missing_packages() {
    local package missing=()
    for package in "${CURTAIN_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed; then
            missing+=("$package")
        fi
    done
    echo "${missing[@]}"
}

curtain_ensure_packages() {
    local missing
    missing=$(curtain_missing_packages)
    [[ -z $missing ]] && return 0
    echo "curtain: installing missing Debian packages: $missing" >&2
    local -a apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
    if [[ $(id -u) -eq 0 ]]; then
        :
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        apt=(sudo DEBIAN_FRONTEND=noninteractive apt-get)
    else
        echo "curtain: cannot install packages without root. Run this, then try again:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
        return 1
    fi
    # shellcheck disable=SC2086 # one word per package
    "${apt[@]}" update -q && "${apt[@]}" install -y -q --no-install-recommends $missing
}

curtain_configure() {
    # Usage: curtain_configure SOURCE BUILD [extra cmake arguments...]
    local source=$1 build=$2
    shift 2
    # The same base arguments from run.sh and test.sh, so neither rebuilds the other's work.
    cmake -S "$source" -B "$build" -G Ninja -DCURTAIN_WERROR=ON \
        -DPython3_EXECUTABLE=/usr/bin/python3 "$@"
}
