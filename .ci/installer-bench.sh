#!/usr/bin/env bash
# Benchmark of the installed app (README "Install"): start-up of the app-image to its first shown
# window, and the sizes of the app-image and the .deb, against the targets. Prints figures; it fails
# only when it cannot measure (timings are not tests).
#
#   bash .ci/installer-bench.sh            uses target/installer, building it when it is missing
#   bash .ci/installer-bench.sh --build    builds it first (mvn -Pinstaller -DskipTests package)
#
# Each run starts a new process of target/installer/Dockhand/bin/dockhand with no JDK on PATH, under
# Xvfb, and times from just before the launch to when `xdotool search --onlyvisible --name
# '^Dockhand$'` first finds the window (polled every 20 ms); then quits it with Ctrl+Q. One untimed
# run comes first (JavaFX unpacks its native libraries once per user and version), then 7 timed
# runs: the median is the figure. The file cache stays warm; nothing else should run meanwhile, so
# the measuring holds the machine's Maven lock (/tmp/dockhand-maven.lock).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=7
target_start_ms=1500
target_deb_mb=100

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
dpkg -s libgtk-3-0 >/dev/null 2>&1 || missing+=(libgtk-3-0)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installer-bench: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

image=target/installer/Dockhand
launcher=$image/bin/dockhand
if [ "${1:-}" = --build ] || [ ! -x "$launcher" ]; then
  echo "installer-bench: building the installer (mvn -Pinstaller -DskipTests package)"
  flock /tmp/dockhand-maven.lock mvn -B -q -ntp -Dstyle.color=never -Pinstaller -DskipTests package
fi
shopt -s nullglob
debs=(target/installer/dockhand_*.deb)
shopt -u nullglob
[ "${#debs[@]}" -eq 1 ] || { echo "installer-bench: expected one .deb in target/installer" >&2; exit 1; }
deb=${debs[0]}

# shellcheck source=xvfb-display.sh
source .ci/xvfb-display.sh # the scripts run from the repository root (cd above)
start_display installer-bench

# Sets now to the milliseconds of the shell's own clock (no process to start: polling costs less).
now_ms() {
  local us=${EPOCHREALTIME//[!0-9]/}
  now=$((us / 1000))
}

# One start: prints the milliseconds to the visible window, then quits the app.
start_once() {
  local start end now window=""
  now_ms
  start=$now
  env -i HOME="${HOME:-/root}" DISPLAY="$display" PATH=/nonexistent "$launcher" >"$log" 2>&1 9>&- &
  app_pid=$!
  while :; do
    window=$(xdotool search --onlyvisible --name '^Dockhand$' 2>/dev/null | head -n 1 || true)
    [ -n "$window" ] && break
    if ! kill -0 "$app_pid" 2>/dev/null; then
      cat "$log" >&2
      echo "installer-bench: the app exited before showing its window" >&2
      return 1
    fi
    now_ms
    if [ $((now - start)) -gt 60000 ]; then
      echo "installer-bench: no window within 60 s" >&2
      return 1
    fi
    sleep 0.02
  done
  now_ms
  end=$now
  # Quit with Ctrl+Q (File > Quit), sent again every 3 s in case the first press came too early.
  sleep 0.5
  local tick
  for tick in $(seq 0 74); do
    kill -0 "$app_pid" 2>/dev/null || break
    if [ $((tick % 15)) -eq 0 ]; then
      xdotool key --window "$window" ctrl+q >/dev/null 2>&1 || true
    fi
    sleep 0.2
  done
  if kill -0 "$app_pid" 2>/dev/null; then kill -9 "$app_pid" 2>/dev/null || true; fi
  wait "$app_pid" 2>/dev/null || true
  app_pid=
  echo $((end - start))
}

exec 9>/tmp/dockhand-maven.lock
flock 9
first=$(start_once)
times=()
for i in $(seq 1 "$runs"); do
  ms=$(start_once)
  times+=("$ms")
  echo "installer-bench: run $i: $ms ms"
done
flock -u 9

median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
min=$(printf '%s\n' "${times[@]}" | sort -n | head -n 1)
max=$(printf '%s\n' "${times[@]}" | sort -n | tail -n 1)
image_bytes=$(du -sb "$image" | cut -f1)
deb_bytes=$(stat -c %s "$deb")
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000000 }'; }
verdict() { if [ "$1" -eq 1 ]; then echo MET; else echo "NOT MET"; fi; }

# Whether the launcher maps the start-up archive (lib/app/dockhand.jsa): -Xshare:on fails otherwise.
if env -i HOME="${HOME:-/root}" PATH=/nonexistent JAVA_TOOL_OPTIONS=-Xshare:on "$launcher" --version >/dev/null 2>&1; then
  archive="mapped"
else
  archive="NOT mapped (missing or made for another folder)"
fi

echo
echo "Installer benchmark ($(nproc) CPUs, Xvfb; first, untimed run: $first ms; start-up archive $archive)"
printf '  start to first window, median of %d: %d ms (min %d, max %d); target under %d ms: %s\n' \
  "$runs" "$median" "$min" "$max" "$target_start_ms" "$(verdict $(( median < target_start_ms )))"
printf '  app-image %s: %s MB\n' "$image" "$(mb "$image_bytes")"
printf '  .deb %s: %s MB; target under %d MB: %s\n' "$deb" "$(mb "$deb_bytes")" "$target_deb_mb" \
  "$(verdict $(( deb_bytes < target_deb_mb * 1000000 )))"
