# Sourced by installer-check.sh and installer-bench.sh: starts a private Xvfb display for the installed
# launcher and, on exit, stops the app (app_pid) and the display and removes the app's log.
#
#   start_display NAME     NAME prefixes the error; sets display, DISPLAY, xvfb_pid, app_pid= and log
start_display() {
  local name=$1 n
  display=
  for n in $(seq 90 140); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=:$n; break; fi
  done
  [ -n "$display" ] || { echo "$name: no free X display number" >&2; exit 1; }
  # 9>&- : the display must not hold the Maven lock the caller may have open.
  Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 9>&- &
  xvfb_pid=$!
  app_pid=
  log=$(mktemp)
  trap stop_display EXIT
  for _ in $(seq 1 100); do
    [ -e "/tmp/.X11-unix/X${display#:}" ] && break
    sleep 0.1
  done
  export DISPLAY=$display
}

stop_display() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill -9 "$app_pid" 2>/dev/null || true; fi
  kill "$xvfb_pid" 2>/dev/null || true
  rm -f "$log"
}
