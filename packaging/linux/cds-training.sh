#!/usr/bin/env bash
# The installer build's training run (Linux; the installer profile in pom.xml runs it):
#
#   cds-training.sh RUNTIME JAR CLASSLIST
#
# starts the app once as its launcher would, on the trimmed runtime, with -XX:DumpLoadedClassList, and
# writes the classes a start loads to CLASSLIST (it goes into the app as lib/app/dockhand.classlist,
# from which lib/app/cds-archive.sh makes the archive). The app quits by itself 2 s after its first
# frame (-Ddockhand.cds.training=true). It needs a display: $DISPLAY, or else Xvfb through xvfb-run
# (Debian package xvfb), and GTK 3 (libgtk-3-0). The run has a home folder of its own, so the
# builder's recent projects are neither read nor changed.
set -euo pipefail

[ "$#" -eq 3 ] || { echo "usage: $0 RUNTIME JAR CLASSLIST" >&2; exit 2; }
runtime=$1 jar=$2 list=$3

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run=(timeout 120 env HOME="$home" "$runtime/bin/java" -XX:DumpLoadedClassList="$list"
  -Ddockhand.cds.training=true -cp "$jar" dev.dockhand.Main)
rm -f "$list"
if [ -n "${DISPLAY:-}" ]; then
  "${run[@]}" >"$home/run.log" 2>&1 || status=$?
elif command -v xvfb-run >/dev/null 2>&1; then
  xvfb-run -a "${run[@]}" >"$home/run.log" 2>&1 || status=$?
else
  echo "cds-training: needs a display for the app's training run: set DISPLAY, or install Xvfb (sudo apt-get install xvfb)" >&2
  exit 1
fi
if [ "${status:-0}" -ne 0 ]; then
  cat "$home/run.log" >&2
  echo "cds-training: the training run exited ${status} (124: it did not quit within 120 s)" >&2
  exit 1
fi
# The list must hold the first window's classes; otherwise the run did not get that far.
grep -qx 'dev/dockhand/ui/wizard/WizardWindow' "$list" || {
  cat "$home/run.log" >&2
  echo "cds-training: $list lacks the wizard window's classes" >&2
  exit 1
}
echo "cds-training: $(grep -c '^[a-z]' "$list") classes listed in $list"
