#!/usr/bin/env bash
# Runs the whole system on this machine, with no AWS account: DynamoDB Local keeping its data in .data/dynamodb,
# the table, and the HTTP API with the worker's snapshot job in the same process. Ctrl-C stops both.
#
#   ./scripts/run.sh [--port N] [--dynamodb-port N] [--in-memory] [--player NAME=ID[,ID...]]... [--reader NAME]...
#
#   --port N            the API listens on http://127.0.0.1:N (default 5080, or $API_PORT)
#   --dynamodb-port N   DynamoDB Local listens on 127.0.0.1:N (default 8000, or $DYNAMODB_PORT)
#   --in-memory         no DynamoDB: the in-memory event store (data is lost when the API stops)
#   --player NAME=IDS   a player key limited to those characters (no damage: docs/security.md), kept in .data/keys/NAME
#   --reader NAME       a read-only key, kept in .data/keys/NAME
#
# The first run makes a development API key, keeps it in .data/dev-api-key (git-ignored) and gives the API only
# its SHA-256 hash. Needs the .NET 10 SDK, and for DynamoDB Local java 17+, npm (first run only), node and curl.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
data_dir="$repo_root/.data"
key_file="$data_dir/dev-api-key"

api_port="${API_PORT:-5080}"
dynamodb_port="${DYNAMODB_PORT:-8000}"
in_memory=false
players=()
readers=()

die() { echo "run: $*" >&2; exit 1; }
say() { echo "run: $*" >&2; }

while (($#)); do
    case "$1" in
        --port) api_port="${2:?--port needs a number}"; shift 2 ;;
        --dynamodb-port) dynamodb_port="${2:?--dynamodb-port needs a number}"; shift 2 ;;
        --in-memory) in_memory=true; shift ;;
        --player) players+=("${2:?--player needs NAME=ID[,ID...]}"); shift 2 ;;
        --reader) readers+=("${2:?--reader needs a NAME}"); shift 2 ;;
        -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (try --help)" ;;
    esac
done
[[ "$api_port" =~ ^[0-9]+$ ]] || die "--port must be a number"
[[ "$dynamodb_port" =~ ^[0-9]+$ ]] || die "--dynamodb-port must be a number"
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK (dotnet) is needed: https://dotnet.microsoft.com/download"
command -v curl >/dev/null 2>&1 || die "curl is needed to see when the API answers"

mkdir -p "$data_dir"

# One run per data folder: two DynamoDB Local processes must never share the same -dbPath files.
lock_dir="$data_dir/run.lock"
own_lock=false
release_lock() { if [[ "$own_lock" == true ]]; then rm -rf "$lock_dir"; fi; }
if [[ "$in_memory" != true ]]; then
    if ! mkdir "$lock_dir" 2>/dev/null; then
        other="$(cat "$lock_dir/pid" 2>/dev/null || true)"
        if [[ "$other" =~ ^[0-9]+$ ]] && kill -0 "$other" 2>/dev/null; then
            die "another ./scripts/run.sh (pid $other) is using .data/dynamodb; stop it first (or delete .data/run.lock if it is gone)"
        fi
        # Left behind by a run that was killed outright.
        rm -rf "$lock_dir"
        mkdir "$lock_dir" || die "could not take $lock_dir"
    fi
    own_lock=true
    echo $$ >"$lock_dir/pid"
fi
trap release_lock EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

random_key() {
    if command -v openssl >/dev/null 2>&1; then
        openssl rand -hex 32
    elif command -v node >/dev/null 2>&1; then
        node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))'
    else
        od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
    fi
}

sha256_hex() {
    if command -v sha256sum >/dev/null 2>&1; then
        printf '%s' "$1" | sha256sum | cut -d' ' -f1
    else
        printf '%s' "$1" | shasum -a 256 | cut -d' ' -f1
    fi
}

# The key itself stays on this machine, readable only by its owner; the API is given its hash.
if [[ ! -s "$key_file" ]]; then
    (umask 077 && random_key >"$key_file")
    say "made a development API key in ${key_file#"$repo_root"/}"
fi
api_key="$(tr -d '[:space:]' <"$key_file")"
[[ -n "$api_key" ]] || die "$key_file is empty; delete it and run again"

# Continuation cursors are signed with this key (HMAC), so that they survive restarts and cannot be forged.
cursor_key_file="$data_dir/cursor-key"
if [[ ! -s "$cursor_key_file" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d "\n" >"$cursor_key_file")
fi
export Api__CursorSigningKey="$(tr -d '[:space:]' <"$cursor_key_file")"

# Scoped keys: made once per name in .data/keys/, the API given only their hashes and scope.
key_index=0
scoped_lines=""
scoped_key() { # NAME ROLE
    local name="$1" role="$2" file="$data_dir/keys/$1"
    [[ "$name" =~ ^[A-Za-z0-9_-]+$ ]] || die "a key name is letters, digits, - and _ (got '$name')"
    mkdir -p "$data_dir/keys"
    if [[ ! -s "$file" ]]; then (umask 077 && random_key >"$file"); fi
    local key; key="$(tr -d '[:space:]' <"$file")"
    export "Api__Keys__${key_index}__Name=$name" "Api__Keys__${key_index}__Role=$role"
    export "Api__Keys__${key_index}__Hash=$(sha256_hex "$key")"
    local upper; upper="$(printf %s "$name" | tr 'a-z-' 'A-Z_')"
    scoped_lines+="    export KEY_${upper}=$key   # $role${3:+: $3}"$'\n'
}
for spec in "${players[@]+"${players[@]}"}"; do
    [[ "$spec" == *=?* ]] || die "--player needs NAME=ID[,ID...] (got '$spec')"
    name="${spec%%=*}"
    IFS=',' read -r -a ids <<<"${spec#*=}"
    scoped_key "$name" player "${spec#*=}"
    for i in "${!ids[@]}"; do
        export "Api__Keys__${key_index}__Grants__character__${i}=${ids[$i]}"
    done
    key_index=$((key_index + 1))
done
for name in "${readers[@]+"${readers[@]}"}"; do
    scoped_key "$name" reader
    key_index=$((key_index + 1))
done

say "building the API (the first build restores packages and takes a minute)"
build_log="$data_dir/build.log"
dotnet build "$repo_root/src/Api/Api.csproj" -c Release -nologo -v quiet -tl:off >"$build_log" 2>&1 \
    || { cat "$build_log" >&2; die "the build failed (log: ${build_log#"$repo_root"/})"; }
api_dir="$repo_root/src/Api/bin/Release/net10.0"
[[ -f "$api_dir/Api.dll" ]] || die "no $api_dir/Api.dll after the build"

api_pid=""
dynamodb_started=false
cleanup() {
    trap - EXIT INT TERM
    if [[ -n "$api_pid" ]] && kill -0 "$api_pid" 2>/dev/null; then
        kill -TERM "$api_pid" 2>/dev/null || true
        wait "$api_pid" 2>/dev/null || true
    fi
    if [[ "$dynamodb_started" == true ]]; then
        "$script_dir/dynamodb-local.sh" stop --port "$dynamodb_port" || true
    fi
    release_lock
}
trap cleanup EXIT

# Urls (not ASPNETCORE_URLS): environment variables without the prefix win over appsettings.json.
export Urls="http://127.0.0.1:$api_port"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
# A hash already in the environment (a key of your own) wins over the development key.
if [[ -n "${Api__KeyHashes__0:-}" ]]; then
    key_lines="  API key: yours (Api__KeyHashes__0 was set); the development key in .data/dev-api-key is not accepted."
else
    export Api__KeyHashes__0="$(sha256_hex "$api_key")"
    key_lines="  Development API key (writes need it; kept in .data/dev-api-key):

    export API_KEY=$api_key"
fi
# Spans and metrics on the console would bury the API's own log; OTLP or Telemetry__ConsoleExporter=true bring them back.
export Telemetry__ConsoleExporter="${Telemetry__ConsoleExporter:-false}"
# The API reference page (Scalar) at /scalar, from the OpenAPI document; Api__ReferencePage=false turns it off.
export Api__ReferencePage="${Api__ReferencePage:-true}"

base="http://127.0.0.1:$api_port"
# Otherwise the health check below could be answered by whatever already listens there.
if curl -s -o /dev/null --max-time 2 "$base/" 2>/dev/null; then
    die "something already answers on $base (try --port N)"
fi

cli_env=""
if [[ "$in_memory" == true ]]; then
    export EventStore__Provider=InMemory
    store_line="in memory: lost when the API stops, and out of the CLI's reach (it runs in its own process)"
else
    table="${DynamoDb__TableName:-hexagonal-events}"
    dynamodb_url="$("$script_dir/dynamodb-local.sh" start --port "$dynamodb_port" --db-path "$data_dir/dynamodb" --owner-pid $$)" \
        || die "DynamoDB Local did not start (is port $dynamodb_port taken? try --dynamodb-port N)"
    dynamodb_started=true
    export EventStore__Provider=DynamoDb
    export DynamoDb__ServiceUrl="$dynamodb_url"
    export DynamoDb__TableName="$table"
    export DynamoDb__Region="${DynamoDb__Region:-us-east-1}"
    # The API creates the table and its indexes at startup when they are missing; later runs find them.
    export DynamoDb__CreateTableIfMissing=true
    store_line="DynamoDB Local at $dynamodb_url, table $table, files in .data/dynamodb"
    cli_env="EventStore__Provider=DynamoDb DynamoDb__ServiceUrl=$dynamodb_url DynamoDb__TableName=$table "
fi

say "starting the API on $Urls"
# From the project folder, so that its appsettings.json is the one read.
(cd "$repo_root/src/Api" && exec dotnet "$api_dir/Api.dll") &
api_pid=$!

for ((i = 0; i < 600; i++)); do
    kill -0 "$api_pid" 2>/dev/null || { wait "$api_pid" || true; api_pid=""; die "the API exited during startup (see its log above)"; }
    status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health" 2>/dev/null || true)"
    [[ "$status" == 200 ]] && break
    sleep 0.1
done
[[ "${status:-}" == 200 ]] || die "the API did not report healthy at $base/health within 60 s"

scoped_intro="
  Scoped keys (kept in .data/keys/; what a key may do: curl -s $base/session -H \"X-Api-Key: \$KEY\"):

"
cat >&2 <<EOF

  The DM's page: $base/ (paste the key below into it; without a key it is the players' read-only screen)
  The API is up on $base (OpenAPI document: $base/openapi/v1.json, reference page: $base/scalar, health: $base/health)
  Events: $store_line
$key_lines
${scoped_lines:+$scoped_intro$scoped_lines}
  Try the reference scenario:

    curl -s -X POST $base/characters -H "X-Api-Key: \$API_KEY" -H 'Content-Type: application/json' \\
         -H 'Idempotency-Key: 3f0c8a52-6d1e-4c7b-9a3e-2b7d5f1e8c40' -d '{"name":"Tordek","maximumHitPoints":8}'
    ID=3f0c8a526d1e4c7b9a3e2b7d5f1e8c40
    curl -s -X POST $base/characters/\$ID/damage -H "X-Api-Key: \$API_KEY" -H 'Content-Type: application/json' \\
         -d '{"parts":[{"amount":2,"damageType":"slashing"}],"source":"goblin"}'
    curl -s -X POST $base/characters/\$ID/damage -H "X-Api-Key: \$API_KEY" -H 'Content-Type: application/json' \\
         -d '{"parts":[{"amount":3,"damageType":"bludgeoning"}],"source":"bugbear"}'
    curl -s -i $base/characters/\$ID
    curl -s $base/characters/\$ID/history

EOF
if [[ -n "$cli_env" ]]; then
    cat >&2 <<EOF
  The CLI on the same data:

    ${cli_env}dotnet run --project src/Cli -- show \$ID

  Ctrl-C stops the API and DynamoDB Local; the data stays in .data/dynamodb for the next run.

EOF
else
    printf '  Ctrl-C stops the API.\n\n' >&2
fi

code=0
wait "$api_pid" || code=$?
api_pid=""
exit "$code"
