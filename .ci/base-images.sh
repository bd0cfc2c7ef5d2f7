#!/usr/bin/env bash
# Build LOCAL stand-ins for the public base images that Dockhand's generated
# Dockerfiles name, so those Dockerfiles can be built and run on a machine
# that cannot reach Docker Hub. Each image is a root filesystem assembled from
# the host's own binaries (plus their shared libraries found with ldd and the
# dynamic loader) and loaded with `docker import`.
#
# Usage: .ci/base-images.sh [--force] [--verify] [TAG...]
#   --force   rebuild images that already exist (default: skip them)
#   --verify  after building, smoke-test every selected image (no network)
#   TAG...    only these tags (default: all of them)
#
# Host packages used (Debian): docker.io busybox-static nodejs/npm (node 20)
# python3.11 python3-pip openjdk-17-jdk-headless (+ jmods for jlink) maven
# golang-go (1.19) nginx-light ca-certificates.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
FIXTURE_JAVA="$REPO/src/test/resources/fixtures/java-maven"

HOST_JDK=${HOST_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
HOST_MAVEN=${HOST_MAVEN:-/usr/share/maven}
HOST_GOROOT=${HOST_GOROOT:-/usr/lib/go-1.19}
HOST_PYTHON=${HOST_PYTHON:-/usr/bin/python3.11}
HOST_NODE=${HOST_NODE:-/usr/bin/node}
HOST_NODE_MODULES=${HOST_NODE_MODULES:-/usr/lib/node_modules}
HOST_NGINX=${HOST_NGINX:-/usr/sbin/nginx}
JRE_MODULES=${JRE_MODULES:-java.base,java.logging,jdk.httpserver,java.net.http,jdk.crypto.ec,java.naming,java.management,jdk.unsupported,java.xml,java.sql,java.instrument,java.security.jgss,java.security.sasl,jdk.zipfs,jdk.charsets,jdk.management,jdk.localedata}

# Raise when what the script puts into an image changes: older stand-ins are then rebuilt.
REVISION=2

STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

ALL_TAGS=(
  node:20-bookworm-slim
  python:3.11-slim-bookworm
  eclipse-temurin:17-jre
  maven:3.9-eclipse-temurin-17
  golang:1.19-bookworm
  gcr.io/distroless/static-debian12:nonroot
  nginxinc/nginx-unprivileged:1.28-alpine
)

FORCE=0
VERIFY=0
TAGS=()
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --verify) VERIFY=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "base-images: unknown option $arg" >&2; exit 2 ;;
    *)
      known=0
      for t in "${ALL_TAGS[@]}"; do [ "$t" = "$arg" ] && known=1; done
      [ "$known" = 1 ] || { echo "base-images: unknown tag $arg (known: ${ALL_TAGS[*]})" >&2; exit 2; }
      TAGS+=("$arg") ;;
  esac
done
[ "${#TAGS[@]}" -gt 0 ] || TAGS=("${ALL_TAGS[@]}")

log() { printf 'base-images: %s\n' "$*"; }
die() { printf 'base-images: ERROR: %s\n' "$*" >&2; exit 1; }

command -v docker >/dev/null || die "docker client not found (apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || die "docker engine not reachable; run .ci/docker-engine.sh first"

WORK=$(mktemp -d /tmp/base-images.XXXXXX)
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

BUSYBOX=$(command -v busybox || true)
[ -n "$BUSYBOX" ] || die "busybox not found (apt-get install -y busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
  die "$BUSYBOX is dynamically linked; install busybox-static"
fi

# ---------------------------------------------------------------- helpers

# new_root DIR: an empty merged-/usr Debian-like tree.
new_root() {
  local r=$1
  mkdir -p "$r"/usr/{bin,sbin,lib/x86_64-linux-gnu,lib64,local/bin,local/sbin,local/lib,share} \
    "$r"/{etc,tmp,var/tmp,var/log,run,root,home,dev,proc,sys,opt}
  ln -s usr/bin "$r/bin"
  ln -s usr/sbin "$r/sbin"
  ln -s usr/lib "$r/lib"
  ln -s usr/lib64 "$r/lib64"
  chmod 1777 "$r/tmp" "$r/var/tmp"
  chmod 700 "$r/root"
  cat >"$r/etc/nsswitch.conf" <<'EOF'
passwd:   files
group:    files
shadow:   files
hosts:    files dns
networks: files
services: files
protocols: files
EOF
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$r/etc/ssl/certs"
    cp -L /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/ca-certificates.crt"
  fi
  for f in /etc/protocols /etc/services; do
    [ -f "$f" ] && cp -L "$f" "$r$f"
  done
  # glibc dlopen()s libgcc_s for pthread_exit/cancellation (ldd does not show
  # it): without it a threaded program aborts ("libgcc_s.so.1 must be installed").
  local gcc_s
  for gcc_s in /lib/x86_64-linux-gnu/libgcc_s.so.1 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1; do
    if [ -f "$gcc_s" ]; then cp -L "$gcc_s" "$r/usr/lib/x86_64-linux-gnu/libgcc_s.so.1"; break; fi
  done
  add_glibc "$r"
  return 0
}

# add_glibc DIR: every shared library of Debian's libc6, libstdc++6 and libgcc-s1, as the real
# Debian-based images have them. Native modules installed from the registry (nx, esbuild, swc,
# prisma ...) dlopen libraries that no host binary links (librt, libdl, libutil ...), so ldd of the
# host's binaries is not enough.
add_glibc() {
  local r=$1 f
  while IFS= read -r f; do
    case "$f" in */gconv/*|*/audit/*) continue ;; esac
    [ -f "$f" ] || continue
    mkdir -p "$r$(dirname "$f")"
    cp -L "$f" "$r$f"
  done < <(dpkg -L libc6 libstdc++6 libgcc-s1 2>/dev/null | grep -E '\.so(\.[0-9]+)*$')
  return 0
}

# write_users DIR SHELL: Debian's base accounts (+ extra lines from stdin).
write_users() {
  local r=$1 sh=$2
  {
    echo "root:x:0:0:root:/root:$sh"
    echo "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin"
    echo "bin:x:2:2:bin:/bin:/usr/sbin/nologin"
    echo "sys:x:3:3:sys:/dev:/usr/sbin/nologin"
    echo "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"
  } >"$r/etc/passwd"
  {
    echo "root:x:0:"
    echo "daemon:x:1:"
    echo "bin:x:2:"
    echo "sys:x:3:"
    echo "adm:x:4:"
    echo "tty:x:5:"
    echo "staff:x:50:"
    echo "users:x:100:"
    echo "nogroup:x:65534:"
  } >"$r/etc/group"
}

# add_user DIR NAME UID GID HOME SHELL
add_user() {
  local r=$1 name=$2 uid=$3 gid=$4 home=$5 sh=$6
  echo "$name:x:$uid:$gid:$name:$home:$sh" >>"$r/etc/passwd"
  grep -q ":x:$gid:" "$r/etc/group" || echo "$name:x:$gid:" >>"$r/etc/group"
  if [ "$home" != /nonexistent ]; then
    mkdir -p "$r$home"
    chown "$uid:$gid" "$r$home"
    chmod 755 "$r$home"
  fi
}

# add_busybox DIR: static busybox with every applet as a symlink in /usr/bin.
add_busybox() {
  local r=$1 applet
  cp "$BUSYBOX" "$r/usr/bin/busybox"
  for applet in $("$BUSYBOX" --list); do
    case "$applet" in busybox|'[['|linuxrc) continue ;; esac
    [ -e "$r/usr/bin/$applet" ] || [ -L "$r/usr/bin/$applet" ] || ln -s busybox "$r/usr/bin/$applet"
  done
  [ -e "$r/usr/bin/[[" ] || ln -s busybox "$r/usr/bin/[["
  # /usr/sbin/nologin for the system accounts.
  printf '#!/bin/sh\necho "This account is currently not available."\nexit 1\n' >"$r/usr/sbin/nologin"
  chmod 755 "$r/usr/sbin/nologin"
}

is_elf() { [ -f "$1" ] && [ "$(head -c 4 "$1" 2>/dev/null | tail -c 3)" = ELF ]; }

declare -A MISSING_LIBS=()

# add_libs DIR FILE...: copy the shared libraries (ldd) of ELF files that are
# already inside DIR, plus the dynamic loader, to the same paths in DIR.
# Libraries that ldd resolves inside DIR itself (e.g. $ORIGIN runpaths) stay.
add_libs() {
  local r=$1; shift
  local f line lib
  for f in "$@"; do
    is_elf "$f" || continue
    while IFS= read -r line; do
      lib=""
      line=${line#"${line%%[![:space:]]*}"}   # ldd indents with a tab
      case "$line" in
        libjvm.so*"=> not found"*) continue ;;   # JDK libs; the JVM loads it first
        *"=> not found"*)
          MISSING_LIBS["$(echo "$line" | awk '{print $1}')"]=1; continue ;;
        *"=> /"*) lib=$(echo "$line" | awk '{print $3}') ;;
        /*) lib=$(echo "$line" | awk '{print $1}') ;;
      esac
      [ -n "$lib" ] || continue
      case "$lib" in "$r"/*) continue ;; esac
      if [ ! -e "$r$lib" ]; then
        mkdir -p "$(dirname "$r$lib")"
        cp -L "$lib" "$r$lib"
      fi
    done < <(ldd "$f" 2>/dev/null || true)
  done
}

# add_libs_tree DIR SUBTREE: add_libs for every ELF file under DIR/SUBTREE.
add_libs_tree() {
  local r=$1 sub=$2 files=()
  mapfile -t files < <(find "$r$sub" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \))
  [ "${#files[@]}" -gt 0 ] && add_libs "$r" "${files[@]}"
  return 0
}

# copy_deref SRC DST [tar-exclude...]: copy a tree, following symlinks
# (Debian links many files into /etc or /usr/share) and dropping dangling ones.
copy_deref() {
  local src=$1 dst=$2; shift 2
  local ex="$WORK/exclude.$$.$RANDOM"
  (cd "$src" && find -L . -type l) >"$ex"      # with -L, -type l == dangling
  for pat in "$@"; do echo "$pat" >>"$ex"; done
  mkdir -p "$dst"
  tar -C "$src" -chf - --exclude-from="$ex" . | tar -C "$dst" -xf -
  rm -f "$ex"
}

# import_root DIR TAG CHANGE...: docker import with Dockerfile-like changes.
# `docker import --change` rejects STOPSIGNAL (engine 20.10), so such lines
# are applied afterwards by a one-line classic build on top of the import.
import_root() {
  local r=$1 tag=$2; shift 2
  local args=() late=() c id
  for c in "$@" 'LABEL dev.dockhand.standin=true' "LABEL dev.dockhand.standin.revision=$REVISION"; do
    case "$c" in STOPSIGNAL*) late+=("$c") ;; *) args+=(--change "$c") ;; esac
  done
  id=$(tar --numeric-owner -C "$r" -cf - . | docker import "${args[@]}" - "$tag")
  if [ "${#late[@]}" -gt 0 ]; then
    { echo "FROM $id"; printf '%s\n' "${late[@]}"; } \
      | DOCKER_BUILDKIT=0 docker build -q -t "$tag" - >"$WORK/late-build.log" 2>&1 \
      || { cat "$WORK/late-build.log" >&2; die "could not apply ${late[*]} to $tag"; }
    docker rmi "$id" >/dev/null 2>&1 || true
  fi
}

exists() { docker image inspect "$1" >/dev/null 2>&1; }

# current TAG: the image exists and was made by this revision of the script (a machine that is
# kept between runs may hold stand-ins made by an older one).
current() {
  exists "$1" && [ "$(docker image inspect --format '{{index .Config.Labels "dev.dockhand.standin.revision"}}' "$1")" = "$REVISION" ]
}

# ---------------------------------------------------------------- images

build_node() {
  local tag=$1 r="$WORK/node"
  [ -x "$HOST_NODE" ] || die "$HOST_NODE not found (node 20 needed)"
  local ver; ver=$("$HOST_NODE" -v)
  case "$ver" in v20.*) ;; *) log "warning: host node is $ver, not v20" ;; esac
  [ -d "$HOST_NODE_MODULES/npm" ] || die "$HOST_NODE_MODULES/npm not found"
  new_root "$r"; add_busybox "$r"; write_users "$r" /bin/sh
  add_user "$r" node 1000 1000 /home/node /bin/sh
  cp -L "$HOST_NODE" "$r/usr/local/bin/node"
  add_libs "$r" "$r/usr/local/bin/node"
  mkdir -p "$r/usr/local/lib/node_modules"
  copy_deref "$HOST_NODE_MODULES/npm" "$r/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$r/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$r/usr/local/bin/npx"
  if [ -d "$HOST_NODE_MODULES/corepack" ]; then
    copy_deref "$HOST_NODE_MODULES/corepack" "$r/usr/local/lib/node_modules/corepack"
    ln -s ../lib/node_modules/corepack/dist/corepack.js "$r/usr/local/bin/corepack"
  fi
  ln -s /usr/local/bin/node "$r/usr/local/bin/nodejs"
  # The real image's entrypoint: `docker run IMAGE server.js` runs node server.js.
  cat >"$r/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
  chmod 755 "$r/usr/local/bin/docker-entrypoint.sh"
  # Prisma's CLI fetches its schema engine from Prisma's own server, which this machine cannot
  # reach; `prisma generate` never runs it, so the stand-in names a program that says so.
  printf '#!/bin/sh\necho "stand-in image: the Prisma schema engine cannot be downloaded here" >&2\nexit 1\n' \
    >"$r/usr/local/bin/prisma-schema-engine-unavailable"
  chmod 755 "$r/usr/local/bin/prisma-schema-engine-unavailable"
  # Stand-in only: builds reach the registry through the machine's CA bundle, and corepack's
  # signature check fails against the registry as it is served here.
  import_root "$r" "$tag" \
    "ENV PATH=$STD_PATH" \
    "ENV NODE_VERSION=${ver#v}" \
    'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    'ENV COREPACK_INTEGRITY_KEYS=0' \
    'ENV PRISMA_SCHEMA_ENGINE_BINARY=/usr/local/bin/prisma-schema-engine-unavailable' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'CMD ["node"]'
}

build_python() {
  local tag=$1 r="$WORK/python"
  [ -x "$HOST_PYTHON" ] || die "$HOST_PYTHON not found (apt-get install -y python3)"
  local pipdir=/usr/lib/python3/dist-packages
  [ -d "$pipdir/pip" ] || die "$pipdir/pip not found (apt-get install -y python3-pip)"
  new_root "$r"; add_busybox "$r"; write_users "$r" /bin/sh
  # Debian's interpreter keeps its /usr prefix (stdlib in /usr/lib/python3.11,
  # found from the real path of the executable); /usr/local/bin gets the
  # names the official image has.
  cp -L "$HOST_PYTHON" "$r/usr/bin/python3.11"
  ln -s python3.11 "$r/usr/bin/python3"
  copy_deref /usr/lib/python3.11 "$r/usr/lib/python3.11" \
    ./EXTERNALLY-MANAGED ./test ./idlelib ./tkinter ./turtledemo ./config-3.11-x86_64-linux-gnu
  rm -f "$r/usr/lib/python3.11/EXTERNALLY-MANAGED"
  add_libs "$r" "$r/usr/bin/python3.11"
  add_libs_tree "$r" /usr/lib/python3.11/lib-dynload
  mkdir -p "$r/usr/lib/python3/dist-packages" "$r/usr/local/lib/python3.11/dist-packages"
  local d
  for d in "$pipdir"/pip "$pipdir"/pip-*.dist-info; do
    [ -e "$d" ] && copy_deref "$d" "$r/usr/lib/python3/dist-packages/$(basename "$d")"
  done
  for n in python3 python python3.11; do ln -s /usr/bin/python3.11 "$r/usr/local/bin/$n"; done
  for n in pip pip3 pip3.11; do
    cat >"$r/usr/local/bin/$n" <<'EOF'
#!/usr/local/bin/python3
import re
import sys
from pip._internal.cli.main import main
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\.pyw|\.exe)?$", "", sys.argv[0])
    sys.exit(main())
EOF
    chmod 755 "$r/usr/local/bin/$n"
  done
  local ver; ver=$("$HOST_PYTHON" -c 'import platform; print(platform.python_version())')
  import_root "$r" "$tag" \
    "ENV PATH=$STD_PATH" \
    'ENV LANG=C.UTF-8' \
    "ENV PYTHON_VERSION=$ver" \
    'CMD ["python3"]'
}

# jre_into DIR: a jlink'ed runtime at DIR/opt/java/openjdk (full JDK copy when
# the host JDK has no jmods).
jre_into() {
  local r=$1 jh="$1/opt/java/openjdk"
  mkdir -p "$r/opt/java"
  if [ -d "$HOST_JDK/jmods" ] && [ -x "$HOST_JDK/bin/jlink" ]; then
    "$HOST_JDK/bin/jlink" --add-modules "$JRE_MODULES" --output "$jh" \
      --strip-debug --no-man-pages --no-header-files --compress=2
  else
    log "note: $HOST_JDK has no jmods; copying the full JDK as the JRE"
    copy_deref "$HOST_JDK" "$jh" ./man ./docs ./lib/src.zip ./jmods ./include
  fi
  if [ -f /etc/ssl/certs/java/cacerts ]; then
    cp -L /etc/ssl/certs/java/cacerts "$jh/lib/security/cacerts"
  fi
  add_libs_tree "$r" /opt/java/openjdk
}

build_temurin_jre() {
  local tag=$1 r="$WORK/jre"
  [ -x "$HOST_JDK/bin/java" ] || die "$HOST_JDK not found (JDK 17 needed)"
  new_root "$r"; add_busybox "$r"; write_users "$r" /bin/sh
  add_user "$r" ubuntu 1000 1000 /home/ubuntu /bin/sh
  jre_into "$r"
  import_root "$r" "$tag" \
    'ENV JAVA_HOME=/opt/java/openjdk' \
    "ENV PATH=/opt/java/openjdk/bin:$STD_PATH" \
    'ENV LANG=C.UTF-8' \
    "ENV JAVA_VERSION=jdk-$("$HOST_JDK/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/{print $2}')"
}

# seed_maven_repo OUTDIR: resolve everything the Java fixture needs into a
# fresh local repository (from Maven Central, on the host).
seed_maven_repo() {
  local out=$1 proj="$WORK/seed-project"
  [ -f "$FIXTURE_JAVA/pom.xml" ] || die "$FIXTURE_JAVA/pom.xml not found"
  command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
  rm -rf "$proj"; cp -r "$FIXTURE_JAVA" "$proj"
  log "seeding Maven repository from Maven Central (go-offline + package of the Java fixture)"
  (cd "$proj" && JAVA_HOME="$HOST_JDK" mvn -B -q -ntp -Dmaven.repo.local="$out" dependency:go-offline \
     && JAVA_HOME="$HOST_JDK" mvn -B -q -ntp -Dmaven.repo.local="$out" -DskipTests package) \
    >"$WORK/seed.log" 2>&1 || { tail -n 40 "$WORK/seed.log" >&2; die "seeding the Maven repository failed"; }
  # Make the artifacts usable offline whatever repository id (mirror) the host
  # used: without _remote.repositories they count as locally installed.
  find "$out" \( -name '_remote.repositories' -o -name '*.lastUpdated' -o -name 'resolver-status.properties' \) -delete
  local f base id
  while IFS= read -r f; do
    base=$(basename "$f"); id=${base#maven-metadata-}; id=${id%.xml}
    case "$id" in central|local) ;; *) [ -e "$(dirname "$f")/maven-metadata-central.xml" ] || cp "$f" "$(dirname "$f")/maven-metadata-central.xml" ;; esac
  done < <(find "$out" -name 'maven-metadata-*.xml')
}

build_maven() {
  local tag=$1 r="$WORK/maven"
  [ -x "$HOST_JDK/bin/javac" ] || die "$HOST_JDK has no javac (full JDK 17 needed)"
  [ -x "$HOST_MAVEN/bin/mvn" ] || die "$HOST_MAVEN not found (apt-get install -y maven)"
  new_root "$r"; add_busybox "$r"; write_users "$r" /bin/sh
  add_user "$r" ubuntu 1000 1000 /home/ubuntu /bin/sh
  copy_deref "$HOST_JDK" "$r/opt/java/openjdk" ./man ./docs ./lib/src.zip ./lib/libatk-wrapper.so
  [ -f /etc/ssl/certs/java/cacerts ] && cp -L /etc/ssl/certs/java/cacerts "$r/opt/java/openjdk/lib/security/cacerts"
  add_libs_tree "$r" /opt/java/openjdk
  copy_deref "$HOST_MAVEN" "$r/usr/share/maven" ./man
  ln -s /usr/share/maven/bin/mvn "$r/usr/bin/mvn"
  mkdir -p "$r/root/.m2"
  seed_maven_repo "$r/root/.m2/repository"
  cat >"$r/root/.m2/settings.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Local stand-in image: no network, so Maven works only from the
     pre-seeded repository in /root/.m2/repository. -->
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <localRepository>/root/.m2/repository</localRepository>
  <offline>true</offline>
</settings>
EOF
  local mver; mver=$("$HOST_MAVEN/bin/mvn" -v 2>/dev/null | sed -n 's/.*Apache Maven \([0-9.]*\).*/\1/p' | head -n1)
  import_root "$r" "$tag" \
    'ENV JAVA_HOME=/opt/java/openjdk' \
    'ENV MAVEN_HOME=/usr/share/maven' \
    "ENV MAVEN_VERSION=${mver:-3}" \
    "ENV PATH=/opt/java/openjdk/bin:$STD_PATH" \
    'ENV LANG=C.UTF-8' \
    'CMD ["mvn"]'
}

build_golang() {
  local tag=$1 r="$WORK/golang"
  [ -x "$HOST_GOROOT/bin/go" ] || die "$HOST_GOROOT not found (apt-get install -y golang-go)"
  new_root "$r"; add_busybox "$r"; write_users "$r" /bin/sh
  # Resolve Debian's symlinks (src -> /usr/share/go-1.19/src ...); the test
  # suite and the prebuilt cmd/* archives are not needed to build programs.
  copy_deref "$HOST_GOROOT" "$r/usr/local/go" ./test ./pkg/linux_amd64/cmd ./pkg/obj
  add_libs "$r" "$r/usr/local/go/bin/go" "$r/usr/local/go/bin/gofmt"
  add_libs_tree "$r" /usr/local/go/pkg/tool
  mkdir -p "$r/go/src" "$r/go/bin"
  chmod -R 1777 "$r/go"
  local ver; ver=$("$HOST_GOROOT/bin/go" env GOVERSION 2>/dev/null || cat "$HOST_GOROOT/VERSION")
  import_root "$r" "$tag" \
    'ENV GOPATH=/go' \
    'ENV GOTOOLCHAIN=local' \
    "ENV GOLANG_VERSION=${ver#go}" \
    "ENV PATH=/go/bin:/usr/local/go/bin:$STD_PATH" \
    'WORKDIR /go'
}

build_distroless() {
  local tag=$1 r="$WORK/distroless"
  mkdir -p "$r"/{etc,tmp,home,root,var,dev,proc,sys}
  chmod 1777 "$r/tmp"; chmod 700 "$r/root"
  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' \
    'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
    'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$r/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'tty:x:5:' 'staff:x:50:' 'nonroot:x:65532:' >"$r/etc/group"
  mkdir -p "$r/home/nonroot"; chown 65532:65532 "$r/home/nonroot"; chmod 700 "$r/home/nonroot"
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$r/etc/ssl/certs"
    cp -L /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/ca-certificates.crt"
  fi
  printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
  for f in /etc/services /etc/protocols; do [ -f "$f" ] && cp -L "$f" "$r$f"; done
  import_root "$r" "$tag" \
    "ENV PATH=$STD_PATH" \
    'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
    'USER 65532' \
    'WORKDIR /home/nonroot'
}

build_nginx() {
  local tag=$1 r="$WORK/nginx"
  [ -x "$HOST_NGINX" ] || die "$HOST_NGINX not found (apt-get install -y nginx-light)"
  [ -f /etc/nginx/mime.types ] || die "/etc/nginx/mime.types not found (apt-get install -y nginx-light)"
  new_root "$r"; add_busybox "$r"; write_users "$r" /bin/sh
  add_user "$r" nginx 101 101 /nonexistent /sbin/nologin
  cp -L "$HOST_NGINX" "$r/usr/sbin/nginx"
  add_libs "$r" "$r/usr/sbin/nginx"
  mkdir -p "$r/etc/nginx/conf.d" "$r/usr/share/nginx/html" "$r/var/log/nginx" \
    "$r/var/cache/nginx" "$r/var/lib/nginx" "$r/usr/lib/nginx/modules"
  for f in mime.types fastcgi_params scgi_params uwsgi_params; do
    [ -f "/etc/nginx/$f" ] && cp -L "/etc/nginx/$f" "$r/etc/nginx/$f"
  done
  cat >"$r/etc/nginx/nginx.conf" <<'EOF'
# Unprivileged nginx (stand-in for nginxinc/nginx-unprivileged): no `user`
# directive, pid and temp files in /tmp, listens on 8080.
worker_processes  auto;

error_log  /dev/stderr notice;
pid        /tmp/nginx.pid;

events {
    worker_connections  1024;
}

http {
    proxy_temp_path       /tmp/proxy_temp;
    client_body_temp_path /tmp/client_temp;
    fastcgi_temp_path     /tmp/fastcgi_temp;
    uwsgi_temp_path       /tmp/uwsgi_temp;
    scgi_temp_path        /tmp/scgi_temp;

    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /dev/stdout  main;

    sendfile        on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
EOF
  cat >"$r/etc/nginx/conf.d/default.conf" <<'EOF'
server {
    listen       8080;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
EOF
  cat >"$r/usr/share/nginx/html/index.html" <<'EOF'
<!DOCTYPE html>
<html>
<head><title>Welcome to nginx!</title></head>
<body><h1>Welcome to nginx!</h1><p>Local stand-in for nginxinc/nginx-unprivileged.</p></body>
</html>
EOF
  printf '<!DOCTYPE html>\n<html><body><h1>An error occurred.</h1></body></html>\n' >"$r/usr/share/nginx/html/50x.html"
  # The compiled-in default log paths, for configs that keep them.
  ln -s /dev/stdout "$r/var/log/nginx/access.log"
  ln -s /dev/stderr "$r/var/log/nginx/error.log"
  # Like the real image: the unprivileged user may rewrite config and content.
  chown -R 101:0 "$r/etc/nginx" "$r/usr/share/nginx/html" "$r/var/cache/nginx" "$r/var/lib/nginx"
  chown -h 101:0 "$r/var/log/nginx" "$r/var/log/nginx/access.log" "$r/var/log/nginx/error.log"
  chmod -R g+w "$r/etc/nginx" "$r/var/cache/nginx"
  import_root "$r" "$tag" \
    "ENV PATH=$STD_PATH" \
    'EXPOSE 8080' \
    'STOPSIGNAL SIGQUIT' \
    'USER 101' \
    'CMD ["nginx", "-g", "daemon off;"]'
}

builder_for() {
  case "$1" in
    node:*) echo build_node ;;
    python:*) echo build_python ;;
    eclipse-temurin:*) echo build_temurin_jre ;;
    maven:*) echo build_maven ;;
    golang:*) echo build_golang ;;
    gcr.io/distroless/*) echo build_distroless ;;
    nginxinc/*) echo build_nginx ;;
    *) die "no builder for $1" ;;
  esac
}

# ---------------------------------------------------------------- verify

# verify TAG: a quick smoke test of one image, without network.
verify() {
  local tag=$1 out="$WORK/verify.log"
  local run=(docker run --rm --network none)
  case "$tag" in
    node:*)
      "${run[@]}" -u node "$tag" sh -c 'node -e "console.log(process.version)" && npm --version && /usr/bin/env node -e 1' ;;
    python:*)
      "${run[@]}" -u 10001 "$tag" sh -c 'python -c "import urllib.request, ssl, json, sqlite3; print(\"python ok\")" && pip --version' ;;
    eclipse-temurin:*)
      "${run[@]}" -u 10001 "$tag" java -version ;;
    maven:*)
      "${run[@]}" -v "$FIXTURE_JAVA:/fixture:ro" "$tag" sh -c 'cp -r /fixture /tmp/p && cd /tmp/p && mvn -B -q -DskipTests package && ls target/*.jar && mvn -B -v | sed -n 1p' ;;
    golang:*)
      "${run[@]}" "$tag" sh -c 'mkdir -p /tmp/h && cd /tmp/h && printf "module x\n\ngo 1.19\n" > go.mod && printf "package main\nfunc main(){println(\"go ok\")}\n" > m.go && CGO_ENABLED=0 go build -o /tmp/x . && /tmp/x' ;;
    gcr.io/distroless/*)
      "${run[@]}" -v "$BUSYBOX:/busybox:ro" --entrypoint /busybox "$tag" sh -c "id; ls -ld /tmp /home/nonroot; ls /" ;;
    nginxinc/*)
      "${run[@]}" "$tag" nginx -t ;;
  esac >"$out" 2>&1 || { cat "$out" >&2; die "verification of $tag failed"; }
  log "verified $tag: $(sed 's/\x1b\[[0-9;]*m//g' "$out" | tr '\n' ' ' | cut -c1-120)"
}

# ---------------------------------------------------------------- main

START=$SECONDS
BUILT=()
for tag in "${TAGS[@]}"; do
  if current "$tag" && [ "$FORCE" = 0 ]; then
    log "$tag exists, skipping (use --force to rebuild)"
    continue
  fi
  t0=$SECONDS
  old_id=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
  log "building $tag"
  "$(builder_for "$tag")" "$tag"
  # --force: drop the replaced image unless something still uses it.
  if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{.Id}}' "$tag")" ]; then
    docker rmi "$old_id" >/dev/null 2>&1 || true
  fi
  rm -rf "${WORK:?}"/{node,python,jre,maven,golang,distroless,nginx,seed-project}
  BUILT+=("$tag")
  log "built $tag in $((SECONDS - t0))s"
done

if [ "${#MISSING_LIBS[@]}" -gt 0 ]; then
  log "note: libraries ldd could not resolve (not copied; optional or loaded at run time): ${!MISSING_LIBS[*]}"
fi

if [ "$VERIFY" = 1 ]; then
  for tag in "${TAGS[@]}"; do verify "$tag"; done
fi

log "done in $((SECONDS - START))s; built: ${BUILT[*]:-nothing}"
for tag in "${TAGS[@]}"; do
  printf '  %-45s %s\n' "$tag" "$(docker image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.1f MB", $1/1000/1000}')"
done
