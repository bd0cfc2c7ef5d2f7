#!/usr/bin/env bash
# Checks the installer build (README "Install"): builds `mvn -Pinstaller -DskipTests package`, then
#   - the runtime holds every module jdeps finds in the jar, except the ones left out on purpose;
#   - the app-image runs with no JDK: PATH without java, JAVA_HOME unset: `--version` prints
#     "Dockhand <version>", and with no arguments the window "Dockhand" opens under Xvfb (within 30 s)
#     and the app exits 0 (within 15 s) after Ctrl+Q, File > Quit's shortcut;
#   - the .deb's metadata;
# and prints the sizes of the app-image and the .deb. Installs xvfb, xdotool, GTK and fakeroot when
# missing. Maven runs under the machine's shared build lock (/tmp/dockhand-maven.lock).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

fail() {
  echo "installer-check: FAILED: $*" >&2
  exit 1
}

# --- what the check needs -------------------------------------------------------------------------
missing=()
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
command -v fakeroot >/dev/null 2>&1 || missing+=(fakeroot)
dpkg -s libgtk-3-0 >/dev/null 2>&1 || missing+=(libgtk-3-0)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installer-check: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- build ----------------------------------------------------------------------------------------
echo "installer-check: building the installer (mvn -Pinstaller -DskipTests package)"
flock /tmp/dockhand-maven.lock mvn -B -q -ntp -Dstyle.color=never -Pinstaller -DskipTests package

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
image=target/installer/Dockhand
launcher=$image/bin/dockhand
[ -n "$version" ] || fail "cannot read the project version from pom.xml"
[ -x "$launcher" ] || fail "no launcher at $launcher"
shopt -s nullglob
debs=(target/installer/dockhand_*.deb)
shopt -u nullglob
[ "${#debs[@]}" -eq 1 ] || fail "expected one .deb in target/installer, found ${#debs[@]}"
deb=${debs[0]}

# --- the runtime's modules against jdeps -----------------------------------------------------------
# Left out on purpose (see the installer profile in pom.xml): compile-time annotations, JavaFX's
# optional JFR logging, Kerberos logins in the HTTP clients.
omitted=",java.compiler,jdk.jfr,java.security.jgss,"
jdk_bin=$(dirname "$(readlink -f "$(command -v javac)")")
needed=$("$jdk_bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 target/dockhand.jar)
linked=",$("$image/lib/runtime/bin/java" --list-modules | sed 's/@.*//' | paste -sd, -),"
for module in ${needed//,/ }; do
  case "$linked$omitted" in
    *",$module,"*) ;;
    *) fail "jdeps finds $module in the jar, but the runtime lacks it: add it to installer.modules in pom.xml" ;;
  esac
done
echo "installer-check: runtime modules cover jdeps ($needed)"

# --- runs with no JDK: the command line -----------------------------------------------------------
no_jdk=(env -i HOME="${HOME:-/root}" PATH=/nonexistent)
out=$("${no_jdk[@]}" "$launcher" --version) || fail "$launcher --version exited $?"
[ "$out" = "Dockhand $version" ] || fail "$launcher --version printed '$out', expected 'Dockhand $version'"
echo "installer-check: --version without a JDK: $out"

# --- runs with no JDK: the window, under Xvfb -------------------------------------------------------
# shellcheck source=xvfb-display.sh
source .ci/xvfb-display.sh # the scripts run from the repository root (cd above)
start_display installer-check

"${no_jdk[@]}" DISPLAY="$display" "$launcher" >"$log" 2>&1 &
app_pid=$!
window=
deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
  window=$(xdotool search --onlyvisible --name '^Dockhand$' 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$log" >&2; fail "the app exited before showing its window"; }
  sleep 0.2
done
[ -n "$window" ] || { cat "$log" >&2; fail "no visible window named Dockhand within 30 s"; }
echo "installer-check: window 'Dockhand' shown without a JDK"

# Ctrl+Q is File > Quit. A key sent while the window is still being set up can be lost, so it is sent
# again every 3 s while the app runs. The key-up may reach a window that is already gone: xdotool then
# reports BadWindow, which is fine.
sleep 0.5
deadline=$((SECONDS + 15))
presses=0
while kill -0 "$app_pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
  xdotool key --window "$window" ctrl+q >/dev/null 2>&1 || true
  presses=$((presses + 1))
  for _ in $(seq 1 15); do
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.2
  done
done
if kill -0 "$app_pid" 2>/dev/null; then
  cat "$log" >&2
  fail "the app did not exit within 15 s of Ctrl+Q ($presses presses)"
fi
[ "$presses" -eq 1 ] || echo "installer-check: note: the app quit after $presses presses of Ctrl+Q"
status=0
wait "$app_pid" || status=$?
app_pid=
[ "$status" -eq 0 ] || { cat "$log" >&2; fail "the app exited $status after Ctrl+Q"; }
echo "installer-check: quit with Ctrl+Q, exit code 0"

# --- the .deb -------------------------------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = dockhand ] || fail "$deb: Package is not dockhand"
[ "$(dpkg-deb -f "$deb" Maintainer)" = "Dockhand <hello@dockhand.dev>" ] || fail "$deb: wrong Maintainer"
[ "$(dpkg-deb -f "$deb" Section)" = devel ] || fail "$deb: Section is not devel"
contents=$(dpkg-deb -c "$deb")
grep -q '/opt/dockhand/bin/dockhand$' <<<"$contents" || fail "$deb: no /opt/dockhand/bin/dockhand"
grep -q '/opt/dockhand/lib/dockhand-dockhand.desktop$' <<<"$contents" || fail "$deb: no desktop entry"

# --- sizes ----------------------------------------------------------------------------------------
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }
image_bytes=$(du -sb "$image" | cut -f1)
deb_bytes=$(stat -c %s "$deb")
echo "installer-check: app-image $image: $(mb "$image_bytes") (runtime $(mb "$(du -sb "$image/lib/runtime" | cut -f1)"))"
echo "installer-check: package $deb: $(mb "$deb_bytes")"
echo "installer-check: passed"
