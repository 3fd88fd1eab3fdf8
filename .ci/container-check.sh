#!/usr/bin/env bash
# The container image, proven: builds the Dockerfile on a local Debian base (no public image registry is
# reachable from CI), starts it against the local PostgreSQL and checks readiness, the image's HEALTHCHECK,
# the non-root user and Node 24, the console, an admin sign-in, the operator CLI, a graceful stop, and a
# new container on the same volume keeping the data (the admin, a user created before, the master key).
# Root only (rootful podman). .ci/run starts it beside `npm test`; alone: .ci/container-check.sh
#
# Kept between runs: the debootstrapped base (CACHE_DIR/debian-bookworm-minbase.tar, imported once as
# localhost/debian-base:bookworm; delete both to refresh it) and podman's layer cache (the build stage is
# tagged localhost/portico-build:ci so that its layers survive the prune at the end).
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_DIR=${PORTICO_CI_CACHE_DIR:-/var/cache/portico-ci}
BASE_IMAGE=localhost/debian-base:bookworm
IMAGE=localhost/portico:ci
BUILD_IMAGE=localhost/portico-build:ci
# Several runs may share the machine: everything a run creates carries its process id.
RUN_ID=$$
NAME=portico-ci-$RUN_ID
VOLUME=portico-ci-data-$RUN_ID
DB=portico_ci_container_$RUN_ID
DB_URL=postgres://postgres@127.0.0.1:5432/$DB
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 -d postgres)
CONTEXT=

t0=$SECONDS
step() { printf '[container-check %4ds] %s\n' $((SECONDS - t0)) "$*"; }
fail() {
  echo "container-check FAILED: $*" >&2
  if [ -n "${NAME:-}" ] && podman container exists "$NAME" 2>/dev/null; then
    echo "--- podman logs $NAME (last 80 lines) ---" >&2
    podman logs --tail 80 "$NAME" >&2 2>&1 || true
  fi
  exit 1
}
cleanup() {
  set +e
  if command -v podman >/dev/null; then
    podman rm -f -t 0 "$NAME" >/dev/null 2>&1
    podman volume rm -f "$VOLUME" >/dev/null 2>&1
  fi
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  [ -n "$CONTEXT" ] && rm -rf "$CONTEXT" "$CONTEXT.iid" "$CONTEXT.build.log" "$CONTEXT.err"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

[ "$(id -u)" = 0 ] || fail "needs root (podman builds and runs the image rootful here)"

if ! command -v podman >/dev/null || [ ! -x /usr/sbin/runc ] || ! command -v debootstrap >/dev/null; then
  step "installing podman, runc and debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
fi

mkdir -p "$CACHE_DIR"
# This machine's containers cannot take podman's default ulimits, and crun fails on its cgroups: runc.
printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' > "$CACHE_DIR/containers.conf"
export CONTAINERS_CONF=$CACHE_DIR/containers.conf

# ---- the base: Debian bookworm (minbase), made once ----
if ! podman image exists "$BASE_IMAGE"; then
  tarball=$CACHE_DIR/debian-bookworm-minbase.tar
  if [ ! -s "$tarball" ]; then
    step "debootstrap --variant=minbase bookworm (once; kept in $tarball)"
    rootfs=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
    chmod 0755 "$rootfs" # the image's / : mktemp's 0700 would shut the non-root user out
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$CACHE_DIR/debootstrap.log" 2>&1 ||
      { tail -n 30 "$CACHE_DIR/debootstrap.log" >&2; rm -rf "$rootfs"; fail "debootstrap failed (log: $CACHE_DIR/debootstrap.log)"; }
    tar -C "$rootfs" -cf "$tarball.$RUN_ID" . && mv "$tarball.$RUN_ID" "$tarball"
    rm -rf "$rootfs"
  fi
  step "importing $tarball as $BASE_IMAGE"
  podman import -q "$tarball" "$BASE_IMAGE" >/dev/null
fi

# ---- the image ----
# Built from a snapshot of the tracked and new files, so that `npm ci` and `npm test` running meanwhile
# in this tree (node_modules, web/dist) cannot change the build context under podman.
CONTEXT=$(mktemp -d /tmp/portico-container-context.XXXXXX)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$CONTEXT"
else
  tar --exclude=./node_modules --exclude=./.git -cf - . | tar -xf - -C "$CONTEXT"
fi
build=(podman build --isolation=chroot --network=host --format docker --layers --build-arg "BASE=$BASE_IMAGE")
# Behind this machine's TLS-inspecting proxy npm needs its CA: a build secret, not kept in the image.
ca_bundle=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
[ -s "$ca_bundle" ] && build+=(--secret "id=extra_ca,src=$ca_bundle")
step "podman build --target build (base $BASE_IMAGE)"
"${build[@]}" --target build -t "$BUILD_IMAGE" "$CONTEXT" >"$CONTEXT.build.log" 2>&1 ||
  { tail -n 60 "$CONTEXT.build.log" >&2; fail "the build stage failed"; }
step "podman build (the runtime image)"
"${build[@]}" --iidfile "$CONTEXT.iid" -t "$IMAGE" "$CONTEXT" >>"$CONTEXT.build.log" 2>&1 ||
  { tail -n 60 "$CONTEXT.build.log" >&2; fail "the image build failed"; }
rm -f "$CONTEXT.build.log"
iid=$(cat "$CONTEXT.iid")
step "built $IMAGE ($(podman image inspect --format '{{.Size}}' "$iid" | awk '{printf "%d MB", $1 / 1e6}'))"
[ "$(podman image inspect --format '{{.Config.User}}' "$iid")" = portico:portico ] || fail "the image does not run as portico"
podman image inspect --format '{{json .Config.Healthcheck}}' "$iid" | grep -q healthz || fail "the image has no HEALTHCHECK on /healthz"

# ---- run it against PostgreSQL ----
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"${PSQL[@]}" -c "CREATE DATABASE $DB"
admin_password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)

# podman has no systemd here to time the healthcheck, and says so at every run, stop and rm: not shown.
podman_() {
  local rc=0
  podman "$@" 2>"$CONTEXT.err" || rc=$?
  grep -v 'systemd connection' "$CONTEXT.err" >&2 || true
  return $rc
}
start_portico() {
  # Loopback only on the CI machine's network. The healthcheck's timer needs systemd, absent here: it is
  # run by hand below.
  podman_ run -d --name "$NAME" --network=host --ulimit host --health-interval=disable \
    -e PORTICO_HOST=127.0.0.1 -e "PORTICO_PORT=$port" -e "PORTICO_PUBLIC_URL=$base" \
    -e "PORTICO_DATABASE_URL=$DB_URL" -v "$VOLUME:/data" "$@" "$iid" >/dev/null
  local started=$SECONDS
  until curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; do
    [ "$(podman inspect --format '{{.State.Running}}' "$NAME")" = true ] || fail "the container exited before it was ready"
    ((SECONDS - started < 90)) || fail "not ready within 90 s"
    sleep 0.5
  done
  step "ready in $((SECONDS - started)) s: $(curl -fsS "$base/readyz")"
}
sign_in() {
  curl -fsS "$base/api/admin/v1/session" -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" |
    /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
master_key_hash() { podman exec "$NAME" sha256sum /data/master.key | cut -d' ' -f1; }
stop_portico() {
  podman_ stop -t 40 "$NAME" >/dev/null
  local code
  code=$(podman inspect --format '{{.State.ExitCode}}' "$NAME")
  [ "$code" = 0 ] || fail "SIGTERM did not drain and exit 0 (exit code $code)"
  [[ $(podman logs "$NAME" 2>&1) == *'draining: readiness answers 503'* ]] || fail "no drain on SIGTERM in the log"
  step "stopped: SIGTERM drained, exit code 0"
  podman_ rm "$NAME" >/dev/null
}

step "first start on a new database and volume"
start_portico -e "PORTICO_ADMIN_PASSWORD=$admin_password"
podman healthcheck run "$NAME" >/dev/null 2>&1 || fail "the HEALTHCHECK did not pass"
[ "$(podman exec "$NAME" id -u)" = 10001 ] || fail "the server does not run as uid 10001"
node_version=$(podman exec "$NAME" node --version)
[[ $node_version == v24.* ]] || fail "Node is $node_version, not 24"
step "healthcheck passed; uid 10001; Node $node_version"
[[ $(curl -fsS "$base/console/") == *'/console/assets/'* ]] || fail "the console is not served at /console/"
token=$(sign_in) || fail "the admin could not sign in"
user_id=$(curl -fsS "$base/api/admin/v1/users" -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"username":"container-check","displayName":"Container check"}' |
  /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])') || fail "could not create a user"
step "console served; admin signed in; user container-check created ($user_id)"
[[ $(podman exec "$NAME" node src/cli/admin.ts list) == *admin* ]] || fail "the operator CLI (node src/cli/admin.ts list) does not list admin"
key_before=$(master_key_hash)
stop_portico

step "a new container on the same volume and database"
start_portico
logs=$(podman logs "$NAME" 2>&1)
[[ $logs == *'First super admin created'* || $logs == *'A new master key'* ]] && fail "the second start created the admin or the master key again"
[ "$(master_key_hash)" = "$key_before" ] || fail "the master key in /data changed"
token=$(sign_in) || fail "the admin could not sign in after the restart"
[[ $(curl -fsS "$base/api/admin/v1/users/$user_id" -H "authorization: Bearer $token") == *'"username":"container-check"'* ]] ||
  fail "the user created before the restart is gone"
step "after the restart: same master key, admin signed in again, user container-check still there"
stop_portico

# Old images' layers go; the ones just built stay as the next run's cache (an hour's grace for a run beside).
podman image prune -f --filter until=1h >/dev/null 2>&1 || true
step "OK: the container image works (total $((SECONDS - t0)) s)"
