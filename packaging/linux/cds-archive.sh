#!/bin/sh
# Makes Dockhand's class-data sharing archive, lib/app/dockhand.jsa, from the classes its start loads
# (lib/app/dockhand.classlist, recorded when the installer was built). The JVM then maps those classes
# instead of reading them from the jar, and the window comes about half a second sooner.
#
# An archive fits only the jar at the path it was made for, so it is made where the app is: by the
# build for the app-image, by the .deb when it installs, and by the app itself when it finds its archive
# missing or made for another folder. After moving the app, it may also be run by hand.
set -eu
# The app may start it with a bare PATH (a desktop launcher's).
PATH=/usr/bin:/bin${PATH:+:$PATH}

app=$(cd "$(dirname "$0")" && pwd -P)
archive=$app/dockhand.jsa
log=$(mktemp)
# A new name first, then renamed: an app starting meanwhile maps either the old archive or the new one.
partial=$(mktemp "$app/dockhand.jsa.XXXXXX")
if "$app/../runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$app/dockhand.classlist" \
  -XX:SharedArchiveFile="$partial" -cp "$app/dockhand.jar" >"$log" 2>&1; then
  mv -f "$partial" "$archive"
  rm -f "$log"
else
  status=$?
  cat "$log" >&2
  rm -f "$partial" "$log"
  echo "cds-archive: could not make $archive (exit $status); Dockhand starts without it, about half a second slower" >&2
  exit 1
fi
