#!/usr/bin/env bash
# Checks the installer build (README "Install"): builds `mvn -Pinstaller -DskipTests package`, then
#   - the runtime holds every module jdeps finds in the jar, except the ones left out on purpose;
#   - the app-image runs with no JDK: PATH without java, JAVA_HOME unset: `--version` prints
#     "Dockhand <version>", and with no arguments the window "Dockhand" opens under Xvfb (within 30 s)
#     and the app exits 0 (within 15 s) after Ctrl+Q, File > Quit's shortcut;
#   - the .deb's metadata;
#   - the class-data sharing archive: the app-image maps its own; the .deb carries none, only the class
#     list and cds-archive.sh; the package's files moved elsewhere get one on their first start; as
#     root, the .deb installs (postinst makes the archive) and removes cleanly;
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

# Starts LAUNCHER with no JDK, waits for its window "Dockhand" (30 s), and quits it with Ctrl+Q, File >
# Quit's shortcut: it must exit 0 within 15 s. A key sent while the window is still being set up can be
# lost, so it is sent again every 3 s while the app runs. The key-up may reach a window that is already
# gone: xdotool then reports BadWindow, which is fine.
show_and_quit() {
  local launcher=$1 window="" deadline presses=0 status=0
  "${no_jdk[@]}" DISPLAY="$display" "$launcher" >"$log" 2>&1 &
  app_pid=$!
  deadline=$((SECONDS + 30))
  while [ "$SECONDS" -lt "$deadline" ]; do
    window=$(xdotool search --onlyvisible --name '^Dockhand$' 2>/dev/null | head -n 1 || true)
    [ -n "$window" ] && break
    kill -0 "$app_pid" 2>/dev/null || { cat "$log" >&2; fail "$launcher exited before showing its window"; }
    sleep 0.2
  done
  [ -n "$window" ] || { cat "$log" >&2; fail "$launcher: no visible window named Dockhand within 30 s"; }
  echo "installer-check: window 'Dockhand' shown without a JDK ($launcher)"
  sleep 0.5
  deadline=$((SECONDS + 15))
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
    fail "$launcher did not exit within 15 s of Ctrl+Q ($presses presses)"
  fi
  [ "$presses" -eq 1 ] || echo "installer-check: note: the app quit after $presses presses of Ctrl+Q"
  wait "$app_pid" || status=$?
  app_pid=
  [ "$status" -eq 0 ] || { cat "$log" >&2; fail "$launcher exited $status after Ctrl+Q"; }
  echo "installer-check: quit with Ctrl+Q, exit code 0"
}

show_and_quit "$launcher"

# --- the .deb -------------------------------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = dockhand ] || fail "$deb: Package is not dockhand"
[ "$(dpkg-deb -f "$deb" Maintainer)" = "Dockhand <hello@dockhand.dev>" ] || fail "$deb: wrong Maintainer"
[ "$(dpkg-deb -f "$deb" Section)" = devel ] || fail "$deb: Section is not devel"
contents=$(dpkg-deb -c "$deb")
grep -q '/opt/dockhand/bin/dockhand$' <<<"$contents" || fail "$deb: no /opt/dockhand/bin/dockhand"
grep -q '/opt/dockhand/lib/dockhand-dockhand.desktop$' <<<"$contents" || fail "$deb: no desktop entry"

# --- the class-data sharing archive ---------------------------------------------------------------
# -Xshare:on makes the JVM fail rather than start without the archive the launcher names, so a start
# with it proves that the archive fits the jar at that path.
maps_archive() {
  "${no_jdk[@]}" JAVA_TOOL_OPTIONS=-Xshare:on "$1" --version >/dev/null 2>&1
}
listed=$(grep -c '^[a-z]' "$image/lib/app/dockhand.classlist" || true)
[ "$listed" -ge 2000 ] || fail "the training run listed $listed classes; a start loads thousands"
maps_archive "$launcher" || fail "$launcher does not map its class-data archive $image/lib/app/dockhand.jsa"
echo "installer-check: the app-image maps its class-data archive ($listed classes listed)"
grep -q '/opt/dockhand/lib/app/dockhand.classlist$' <<<"$contents" || fail "$deb: no class list"
grep -q '/opt/dockhand/lib/app/cds-archive.sh$' <<<"$contents" || fail "$deb: no cds-archive.sh"
! grep -q 'dockhand.jsa' <<<"$contents" || fail "$deb carries an archive made for the build folder"

# The package's files in another folder, as after moving the app: no archive there, and the first
# start remakes it in the background (StartArchive), so that the next one maps it.
moved=$(mktemp -d)
trap 'stop_display; rm -rf "$moved"' EXIT
dpkg-deb -x "$deb" "$moved"
moved_launcher=$moved/opt/dockhand/bin/dockhand
! maps_archive "$moved_launcher" || fail "$moved_launcher maps an archive before one was made there"
show_and_quit "$moved_launcher"
for _ in $(seq 1 120); do
  [ -e "$moved/opt/dockhand/lib/app/dockhand.jsa" ] && break
  sleep 0.5
done
maps_archive "$moved_launcher" || fail "the app did not remake its class-data archive in $moved within 60 s"
echo "installer-check: moved elsewhere, the app remade its class-data archive on its first start"

# --- the .deb installed ---------------------------------------------------------------------------
# Only as root on a machine without Dockhand installed (CI's): apt installs the package and its
# dependencies, postinst makes the archive for /opt/dockhand, and removing the package leaves nothing.
installed_status=$(dpkg-query -W -f='${Status}' dockhand 2>/dev/null || true)
if [ "$(id -u)" -ne 0 ] || [ "$installed_status" = "install ok installed" ]; then
  echo "installer-check: note: the .deb was not installed (needs root, and no Dockhand installed already)"
else
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null 2>"$log" \
    || { cat "$log" >&2; fail "apt-get install ./$deb failed"; }
  trap 'stop_display; rm -rf "$moved"; apt-get remove -y -qq dockhand >/dev/null 2>&1 || true' EXIT
  [ -e /opt/dockhand/lib/app/dockhand.jsa ] || fail "postinst made no archive in /opt/dockhand/lib/app"
  maps_archive /opt/dockhand/bin/dockhand || fail "/opt/dockhand/bin/dockhand does not map the archive postinst made"
  out=$("${no_jdk[@]}" /opt/dockhand/bin/dockhand --version) || fail "/opt/dockhand/bin/dockhand --version exited $?"
  [ "$out" = "Dockhand $version" ] || fail "the installed --version printed '$out'"
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq dockhand >/dev/null 2>"$log" \
    || { cat "$log" >&2; fail "apt-get remove dockhand failed"; }
  trap 'stop_display; rm -rf "$moved"' EXIT
  [ ! -e /opt/dockhand ] || fail "removing the package left /opt/dockhand: $(find /opt/dockhand | head -n 5 | tr '\n' ' ')"
  echo "installer-check: the .deb installs (postinst made the archive; $out) and removes cleanly"
fi

# --- sizes ----------------------------------------------------------------------------------------
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }
image_bytes=$(du -sb "$image" | cut -f1)
deb_bytes=$(stat -c %s "$deb")
echo "installer-check: app-image $image: $(mb "$image_bytes") (runtime $(mb "$(du -sb "$image/lib/runtime" | cut -f1)"))"
echo "installer-check: package $deb: $(mb "$deb_bytes")"
echo "installer-check: passed"
