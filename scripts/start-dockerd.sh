#!/usr/bin/env bash
# Starts a private Docker daemon for the rebuild tests and prints its DOCKER_HOST on stdout.
# No system service is assumed (DESIGN.md §8): the daemon gets its own data root, exec root,
# pid file and socket under one folder, no bridge and no iptables rules, so it runs on a
# closed machine and next to any other daemon. Running it again while the daemon answers only
# prints the DOCKER_HOST again.
#
# Usage: scripts/start-dockerd.sh [DIR]   (default: $APKHARDEN_DOCKERD_DIR or
#        /tmp/apkbuild-hardening-dockerd; a short path, since a socket path is capped at 108 bytes)
set -euo pipefail

dir="${1:-${APKHARDEN_DOCKERD_DIR:-/tmp/apkbuild-hardening-dockerd}}"
sock="$dir/docker.sock"
host="unix://$sock"

answers() {
  DOCKER_HOST="$host" timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

if answers; then
  echo "$host"
  exit 0
fi

for tool in dockerd docker; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "start-dockerd: $tool is not installed (apt-get install -y docker.io)" >&2
    exit 1
  fi
done

mkdir -p "$dir/data" "$dir/exec"
# A daemon from an earlier run that died leaves its pid file and socket behind.
if [[ -f "$dir/dockerd.pid" ]] && ! kill -0 "$(cat "$dir/dockerd.pid")" 2>/dev/null; then
  rm -f "$dir/dockerd.pid" "$sock"
fi

nohup dockerd \
  --data-root "$dir/data" \
  --exec-root "$dir/exec" \
  --pidfile "$dir/dockerd.pid" \
  -H "$host" \
  --iptables=false --ip6tables=false --bridge=none \
  >"$dir/dockerd.log" 2>&1 </dev/null &

for _ in $(seq 1 120); do
  if answers; then
    echo "$host"
    exit 0
  fi
  sleep 0.5
done
echo "start-dockerd: the daemon did not answer within 60 s; its log: $dir/dockerd.log" >&2
tail -n 20 "$dir/dockerd.log" >&2 || true
exit 1
