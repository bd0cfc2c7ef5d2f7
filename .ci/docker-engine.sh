#!/usr/bin/env bash
# Start a Docker engine if none is answering. Idempotent: does nothing when
# `docker info` already works. No systemd here, so dockerd is started in the
# background directly; its log goes to /tmp/dockerd.log.
set -euo pipefail

LOG=${DOCKERD_LOG:-/tmp/dockerd.log}
TIMEOUT=${DOCKERD_TIMEOUT:-60}
SOCK=/var/run/docker.sock

if docker info >/dev/null 2>&1; then
  echo "docker-engine: engine already running ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-engine: dockerd not found (apt-get install -y docker.io)" >&2
  exit 1
fi

# A dockerd may be starting already (e.g. a parallel call): only start one if none runs.
if ! pgrep -x dockerd >/dev/null 2>&1; then
  # Leftover pid file from a killed daemon would make dockerd refuse to start.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  echo "docker-engine: starting dockerd (log: $LOG)"
  # setsid + nohup: keep the daemon alive after this script's shell exits.
  setsid nohup dockerd ${DOCKERD_ARGS:-} >>"$LOG" 2>&1 </dev/null &
fi

deadline=$((SECONDS + TIMEOUT))
until [ -S "$SOCK" ] && docker info >/dev/null 2>&1; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "docker-engine: ERROR: docker engine did not come up within ${TIMEOUT}s" >&2
    echo "docker-engine: last lines of $LOG:" >&2
    tail -n 30 "$LOG" >&2 || true
    exit 1
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    echo "docker-engine: ERROR: dockerd exited; last lines of $LOG:" >&2
    tail -n 30 "$LOG" >&2 || true
    exit 1
  fi
  sleep 1
done
echo "docker-engine: engine ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'), storage $(docker info --format '{{.Driver}}' 2>/dev/null || echo '?'))"
