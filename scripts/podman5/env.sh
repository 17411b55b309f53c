# shellcheck shell=bash
# Shared settings and helpers for the podman 5 test stack (sourced by the
# other scripts here). A Debian sid root with podman 5, entered with
# pivot_root (or chroot) in namespaces of its own.
#
# Environment (all optional):
#   TOOLSHED_PODMAN5_ROOT    where the root lives (default /var/cache/toolshed/podman5-sid)
#   TOOLSHED_PODMAN5_SUITE   Debian suite to bootstrap (default sid)
#   TOOLSHED_PODMAN5_MIRROR  Debian mirror (default: the one apt on this machine uses)
#   TOOLSHED_PODMAN5_REPO    project directory mounted inside at the same path
#                            (default: the repository holding this script)
#   TOOLSHED_PODMAN5_ENTER   pivot (default) or chroot: how the root is entered (see p5_enter)
#   TOOLSHED_PODMAN5_OS_RELEASE  host (default) or root: whose os-release the root shows.
#                            The suites expect this machine's (Debian 12: the create
#                            wizard's default is debian-toolbox-12); sid's has no VERSION_ID.

P5_SUITE="${TOOLSHED_PODMAN5_SUITE:-sid}"
P5_ROOT="${TOOLSHED_PODMAN5_ROOT:-/var/cache/toolshed/podman5-$P5_SUITE}"
P5_DEBS="${TOOLSHED_PODMAN5_DEBS:-$(dirname "$P5_ROOT")/podman5-debs}"
P5_REPO="${TOOLSHED_PODMAN5_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
P5_USER=toolshed

# What the suites need inside the root. Changing this list (or P5_BUILD_REV,
# bumped whenever the build steps change) rebuilds the root on the next run.
P5_PACKAGES=(
  podman runc uidmap nftables passt catatonit    # the engine (runc: crun fails on this VM)
  podman-toolbox distrobox                       # the peers the integration tests compare with
  chromium fonts-dejavu-core                     # the e2e browser (never a downloaded one)
  desktop-file-utils dbus docker-registry        # desktop-file-validate, system bus, pull tests' registry
  xvfb xauth xterm                               # "Open in terminal": a real terminal on a real X server
  sakura libxtst6 libxdamage1                    # the bench's peer terminals; its screen probe is built on the host
  passwd adduser procps util-linux ca-certificates
)
P5_BUILD_REV=1

# One run at a time per root: two would share its podman storage with two
# different /run tmpfs, and each would take the other's containers for stale.
p5_lock() {
  [[ -n ${P5_LOCKED:-} ]] && return 0
  mkdir -p "$(dirname "$P5_ROOT")"
  exec 9>"$P5_ROOT.lock"
  flock -n 9 || { p5_log "waiting for another run on $P5_ROOT to finish"; flock 9; }
  export P5_LOCKED=1
}

p5_log() { printf 'podman5: %s\n' "$*" >&2; }
p5_die() { p5_log "$*"; exit 1; }

p5_stamp() {
  printf '%s\n' "rev=$P5_BUILD_REV" "suite=$P5_SUITE" "${P5_PACKAGES[@]}" | sha256sum | cut -c1-16
}

# The Debian mirror: TOOLSHED_PODMAN5_MIRROR, else the first non-security archive apt uses here.
p5_mirror() {
  if [[ -n "${TOOLSHED_PODMAN5_MIRROR:-}" ]]; then echo "$TOOLSHED_PODMAN5_MIRROR"; return; fi
  # shellcheck disable=SC2016  # $(...) are apt's format fields
  apt-get indextargets --format '$(RELEASE) $(SITE)' 2>/dev/null |
    awk '$1 !~ /-/ && $2 !~ /security/ && $2 ~ /debian/ { print $2; exit }' | grep . || echo http://deb.debian.org/debian
}

# Runs "$@" (a command inside the root) in private mount and PID namespaces
# with everything mounted: the root bound onto itself, /proc (of the new PID
# namespace, so pgrep/pkill in the tests see only this run's processes, never
# the host's), /sys, /dev, a tmpfs /run with /run/host -> /, a tmpfs /tmp, the
# host's node and npm, and the project at the same path. Then the root becomes
# / (see P5_ENTER_MODE) and is made rshared, as toolbox wants. A trap stops the
# root's containers, ends what the run started and unmounts; the namespaces
# end with their first process, so nothing is left on the host even when the
# run is killed.
#   p5_enter ROOT [ENV=VALUE...] -- COMMAND [ARGS...]
#
# P5_ENTER_MODE (TOOLSHED_PODMAN5_ENTER):
#   pivot   (default) pivot_root into the root: the process root is the mount
#           namespace's root, so user namespaces (rootless podman) and runc's
#           own pivot_root work.
#   chroot  chroot into the root: the kernel then refuses user namespaces
#           (unshare(CLONE_NEWUSER) is EPERM in a chroot), so rootless podman
#           fails ("cannot clone: Operation not permitted"), and runc needs
#           no_pivot_root.
P5_ENTER_MODE="${TOOLSHED_PODMAN5_ENTER:-pivot}"

p5_enter() {
  local root=$1; shift
  local self
  self=$(realpath "${BASH_SOURCE[0]}")
  P5_ENTER_ROOT=$root P5_ENTER_REPO=$P5_REPO \
    unshare --mount --pid --fork --kill-child --propagation private -- \
    bash -c 'source "$0"; p5_inside_namespace "$@"' "$self" "$@"
}

# (PID 1 of the new namespaces.) Mount, enter, run, clean up.
p5_inside_namespace() {
  local root=$P5_ENTER_ROOT repo=$P5_ENTER_REPO
  local envs=()
  while (($#)) && [[ $1 != -- ]]; do envs+=("$1"); shift; done
  [[ ${1:-} == -- ]] && shift
  set -euo pipefail
  # the cleanup ends every process this /proc shows: only ever in a PID namespace of our own
  [[ $BASHPID == 1 ]] || p5_die "p5_inside_namespace must run as PID 1 of a new PID namespace (p5_enter)"
  [[ $P5_ENTER_MODE == pivot || $P5_ENTER_MODE == chroot ]] || p5_die "TOOLSHED_PODMAN5_ENTER must be pivot or chroot"
  P5_PREFIX=$root                                # the root's path from here; "" once it is /
  trap 'p5_cleanup' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs -o mode=755 tmpfs "$root/run"
  ln -s / "$root/run/host"                       # the toolbox binary's ELF interpreter is under /run/host
  install -d -m 755 "$root/run/lock" "$root/run/user"
  install -d -m 700 "$root/run/user/0"
  local uid gid
  if uid=$(chroot "$root" id -u "$P5_USER" 2>/dev/null) && gid=$(chroot "$root" id -g "$P5_USER"); then
    install -d -m 700 -o "$uid" -g "$gid" "$root/run/user/$uid"
  fi
  mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"  # a fresh /tmp each time (tests leave folders there)
  # the host's node (nodesource's, linked only against glibc and libstdc++), npm, and the project
  local node npm
  node=$(command -v node) || p5_die "node is not installed on this machine"
  [[ -e $root/usr/local/bin/node ]] || : >"$root/usr/local/bin/node"
  mount --bind "$(realpath "$node")" "$root/usr/local/bin/node"
  if npm=$(command -v npm); then                 # so the suites run as `npm run test:…`
    npm=$(realpath "$npm"); npm=${npm%/bin/npm-cli.js}
    mkdir -p "$root/usr/local/lib/node_modules/npm"
    mount --bind "$npm" "$root/usr/local/lib/node_modules/npm"
    ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
    ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  fi
  mkdir -p "$root$repo"
  mount --rbind "$repo" "$root$repo"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  cp -L /etc/hosts "$root/etc/hosts" 2>/dev/null || true   # debootstrap writes none: "localhost" would not resolve
  if [[ ${TOOLSHED_PODMAN5_OS_RELEASE:-host} == host ]]; then
    mount --bind "$(realpath /etc/os-release)" "$(realpath -m "$root/usr/lib/os-release")"
  fi
  # podman's configuration for this run, over the root's (runs in both modes may overlap)
  mkdir -p "$root/etc/containers"
  [[ -e $root/etc/containers/containers.conf ]] || : >"$root/etc/containers/containers.conf"
  p5_containers_conf >"$root/run/toolshed-containers.conf"
  mount --bind "$root/run/toolshed-containers.conf" "$root/etc/containers/containers.conf"

  if [[ $P5_ENTER_MODE == pivot ]]; then
    mkdir -p "$root/.toolshed-oldroot"
    cd "$root"
    pivot_root . .toolshed-oldroot
    cd /
    umount -l /.toolshed-oldroot
    P5_PREFIX=""
    export PATH=/usr/sbin:/usr/bin:/sbin:/bin
    mount --make-rshared /
    /usr/bin/env -i "${envs[@]}" "$@"
  else
    mount --make-rshared "$root"
    chroot "$root" /usr/bin/env -i "${envs[@]}" "$@"
  fi
}

# A command in the root, with a clean environment (from the cleanup).
p5_in_root() {
  local env=(PATH=/usr/sbin:/usr/bin:/sbin:/bin PODMAN_IGNORE_CGROUPSV1_WARNING=1)
  if [[ -z $P5_PREFIX ]]; then /usr/bin/env -i "${env[@]}" "$@"; else chroot "$P5_PREFIX" /usr/bin/env -i "${env[@]}" "$@"; fi
}

# Stops what the run left running inside the root: its containers (root and
# rootless), then every other process of this PID namespace (conmon, dbus,
# registries: all started by this run), then unmounts what was mounted.
p5_cleanup() {
  local status=$? pid uid dir
  local prefix=$P5_PREFIX
  trap - EXIT INT TERM
  set +e
  if [[ -x $prefix/usr/bin/podman && -d $prefix/proc/self ]]; then
    p5_in_root podman stop --all --time 0 >/dev/null 2>&1
    if uid=$(p5_in_root id -u "$P5_USER" 2>/dev/null); then
      p5_in_root runuser -u "$P5_USER" -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME="/home/$P5_USER" \
        sh -c 'cd /tmp && podman stop --all --time 0' >/dev/null 2>&1
    fi
  fi
  for _ in 1 2 3 4 5; do
    [[ $BASHPID == 1 ]] || break                 # only PID 1 of our own namespace may clean its /proc
    local left=()
    for pid in "$prefix"/proc/[0-9]*; do
      pid=${pid##*/}
      [[ $pid == 1 || $pid == "$BASHPID" ]] || left+=("$pid")
    done
    ((${#left[@]})) || break
    kill -KILL "${left[@]}" 2>/dev/null
    sleep 0.3
  done
  if [[ -n $prefix ]]; then
    umount -R "$prefix" 2>/dev/null || umount -R -l "$prefix" 2>/dev/null
  else
    # the root is / now: unmount what was mounted on it (the namespace takes the rest)
    for dir in "$P5_ENTER_REPO" /usr/lib/os-release /etc/containers/containers.conf /usr/local/lib/node_modules/npm /usr/local/bin/node /tmp /run /dev /sys /proc; do
      umount -R "$dir" 2>/dev/null || umount -R -l "$dir" 2>/dev/null
    done
  fi
  return "$status"
}

# podman's configuration inside the root: runc (crun fails on this VM), its
# pivot_root only when the root was entered with pivot_root (it fails in a
# chroot), and ulimits at this machine's hard limits (it refuses to raise them).
p5_containers_conf() {
  local nofile no_pivot=false
  nofile=$(ulimit -Hn)
  [[ $P5_ENTER_MODE == chroot ]] && no_pivot=true
  cat <<CONF
# written by scripts/podman5 (Toolshed's podman 5 test stack) for this run
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]
[engine]
runtime = "runc"
no_pivot_root = ${no_pivot}
CONF
}
