#!/usr/bin/env bash
# Installs and starts what Dockhand needs on a Debian machine. Idempotent.
#
#   bash .ci/setup.sh app    what running the desktop app needs (JDK, Maven, GTK for JavaFX)
#   bash .ci/setup.sh test   the above, plus what the tests need: the Docker engine (started), a
#                            registry, Xvfb, and local stand-ins for the public base images
#   bash .ci/setup.sh packages test   only print the Debian packages that are missing for "test"
set -euo pipefail
cd "$(dirname "$0")/.."
list_only=no
if [ "${1:-}" = packages ]; then
  list_only=yes
  shift
fi
what=${1:-test}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

packages=(libgtk-3-0)
command -v javac >/dev/null 2>&1 || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || packages+=(maven)
if [ "$what" = test ]; then
  packages+=(docker.io docker-registry apache2-utils xvfb xdotool fakeroot busybox-static golang-go nginx-light
             python3 python3-pip ca-certificates)
  command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "$list_only" = yes ]; then
  echo "${missing[*]:-}"
  exit 0
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$what" = test ]; then
  as_root bash .ci/docker-engine.sh
  as_root bash .ci/base-images.sh
  # The current CloudFormation resource specification, to validate generated templates against.
  spec_dir="$HOME/.cache/dockhand/aws-service-spec"
  if [ ! -f "$spec_dir/node_modules/@aws-cdk/aws-service-spec/db.json.gz" ]; then
    echo "setup: installing the CloudFormation resource specification (@aws-cdk/aws-service-spec)"
    mkdir -p "$spec_dir"
    npm install --prefix "$spec_dir" --no-audit --no-fund --silent @aws-cdk/aws-service-spec@0.1.216 >/dev/null
  fi
fi
echo "setup: ready for $what"
