#!/usr/bin/env bash
# A Chromium for the browser tests (tests/Page.Tests). Playwright cannot download its own browser here, so the tests
# drive the distribution's Chromium, installed once with the system's package manager.
#
#   scripts/chromium.sh locate     print the browser's path, or fail if there is none
#   scripts/chromium.sh ensure     the same, installing Debian's chromium package first when it is missing
#
# Environment: CHROMIUM_PATH names a browser to use instead (nothing is installed then).
# Installing needs root (or passwordless sudo) and apt-get; without them it fails and says what to do.
set -euo pipefail

die() { echo "chromium: $*" >&2; exit 1; }
log() { echo "chromium: $*" >&2; }

locate() {
    if [[ -n "${CHROMIUM_PATH:-}" ]]; then
        [[ -x "$CHROMIUM_PATH" ]] || die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file"
        echo "$CHROMIUM_PATH"
        return 0
    fi
    local candidate
    for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/lib/chromium/chromium; do
        if [[ -x "$candidate" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

install_locked() {
    # Another test process may have installed it while this one waited for the lock.
    locate && return 0
    command -v apt-get >/dev/null 2>&1 \
        || die "no Chromium found and no apt-get to install one: install Chromium and set CHROMIUM_PATH to its executable"
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null \
            || die "no Chromium found, and installing it needs root: run 'sudo apt-get install -y chromium' once (or set CHROMIUM_PATH)"
        sudo=(sudo -n)
    fi
    log "installing Debian's chromium package (once; about 100 MB)"
    local out
    out="$(mktemp)"
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium >"$out" 2>&1; then
        # The package lists may be missing or stale on a fresh machine.
        "${sudo[@]}" apt-get update -q >>"$out" 2>&1 || true
        if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium >>"$out" 2>&1; then
            tail -n 20 "$out" >&2
            rm -f "$out"
            die "apt-get install chromium failed (output above): install Chromium yourself and set CHROMIUM_PATH"
        fi
    fi
    rm -f "$out"
    locate || die "apt-get installed chromium, but no executable is at /usr/bin/chromium"
}

ensure() {
    locate && return 0
    # apt-get takes its own lock and fails rather than waits; this lock makes parallel test processes queue instead.
    local lock="${TMPDIR:-/tmp}/hexagonal-chromium.lock"
    if command -v flock >/dev/null 2>&1; then
        (
            flock -w 900 9 || die "timed out waiting for $lock"
            install_locked
        ) 9>"$lock"
    else
        install_locked
    fi
}

case "${1:-}" in
    locate) locate || die "no Chromium found (scripts/chromium.sh ensure installs it)" ;;
    ensure) ensure ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
