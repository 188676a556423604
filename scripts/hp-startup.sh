#!/usr/bin/env bash
# Measures how fast the hp .NET tool starts: packs it (dotnet pack), installs it into a temporary tool path
# (dotnet tool install --tool-path), and times N runs of two calls, printing median wall time and mean CPU time.
#
#   ./scripts/hp-startup.sh [--runs N] [-p:Property=Value ...]
#
#   hp --help                    the parser only: no services, no store
#   hp list --store inmemory     a whole command: configuration, services, the application and a store
#
# Extra -p: arguments go to dotnet pack, e.g. -p:HpFastStart=false packs without the start-up settings (the "before").
# The machine is shared, so run it twice and compare like with like; CPU time is steadier than wall time.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
runs=10
pack_args=()
while (($#)); do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        -p:*) pack_args+=("$1"); shift ;;
        -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "hp-startup: unknown option $1" >&2; exit 2 ;;
    esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "hp-startup: packing src/Cli ${pack_args[*]:-} (Release)" >&2
dotnet pack "$repo_root/src/Cli/Cli.csproj" -c Release -o "$work/nupkg" -nologo -v quiet -tl:off "${pack_args[@]+"${pack_args[@]}"}" >"$work/pack.log" 2>&1 \
    || { cat "$work/pack.log" >&2; exit 1; }
dotnet tool install Hexagonal.Hp --tool-path "$work/tools" --add-source "$work/nupkg" >"$work/install.log" 2>&1 \
    || { cat "$work/install.log" >&2; exit 1; }
hp="$work/tools/hp"
"$hp" --help >/dev/null

measure() { # LABEL ARGS...
    local label="$1"; shift
    local times="$work/times"
    : >"$times"
    "$hp" "$@" >/dev/null 2>&1 || true # warm the disk cache; not counted
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f '%e %U %S' -a -o "$times" "$hp" "$@" >/dev/null 2>&1 || true
    done
    sort -n -k1,1 "$times" | awk -v label="$label" -v n="$runs" '
        { wall[NR] = $1; cpu += $2 + $3 }
        END { median = (n % 2) ? wall[(n + 1) / 2] : (wall[n / 2] + wall[n / 2 + 1]) / 2
              printf "%-28s median wall %.2f s   mean CPU (user+sys) %.2f s   (%d runs)\n", label, median, cpu / n, n }'
}

echo "hp-startup: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
measure "hp --help" --help
measure "hp list --store inmemory" list --store inmemory
