#!/usr/bin/env bash
# Makes a Debian 12 machine ready for Toolshed's tests and benchmarks, as root:
# the packages (podman and runc, Chromium, the toolbox and distrobox CLIs to
# compare with, debootstrap for the fixture images, a registry for the pull
# tests), podman set up for machines that refuse to raise resource limits, a
# D-Bus system bus, and an unprivileged user "toolshed" for rootless runs.
# Last, the offline test images (e2e/fixtures/build-image.sh: debootstrapped
# Debian, no registry), for root and for "toolshed".
# Safe to run again: what is done already is skipped.
#
#   bash scripts/prepare-machine.sh      (as root, or through sudo when not)
#
# What it assumes of such machines (virtual machines and containers often are):
# - raising RLIMIT_NOFILE/NPROC may be refused, and crun may refuse hybrid
#   cgroups: podman is told to use runc and limits at this machine's hard limit
#   (TOOLSHED_ULIMIT_HOST=0 then keeps Toolshed from passing --ulimit host);
# - rootless podman needs / to be a shared mount, and --network host when
#   there is no /dev/net/tun;
# - no container registry may be reachable: the test images are built from
#   Debian's archive (e2e/fixtures/build-image.sh), not pulled.
set -euo pipefail
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { echo "prepare-machine: run as root (there is no sudo here)" >&2; exit 1; }
  exec sudo bash "$0" "$@"
fi

say() { printf 'prepare-machine: %s\n' "$*"; }

packages=(podman runc uidmap slirp4netns debootstrap chromium fonts-dejavu-core xvfb xauth xterm dbus desktop-file-utils podman-toolbox distrobox docker-registry
  sakura gcc libc6-dev libx11-dev libxtst-dev libxdamage-dev)  # the bench's peer terminals and its screen probe (bench/peers)
missing=()
for package in "${packages[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # the pull tests start their own registry on loopback: the packaged service is not needed
  systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi

# podman: runc, and default limits no higher than this machine allows
conf=/etc/containers/containers.conf
marker='# toolshed scripts/prepare-machine.sh'
if ! grep -qs -e "$marker" -e 'prepare-machine' "$conf"; then
  mkdir -p /etc/containers
  hard_nofile=$(ulimit -Hn)
  cat >"$conf" <<CONF
$marker: runc, and limits this machine can grant
[containers]
default_ulimits = ["nofile=${hard_nofile}:${hard_nofile}", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
  say "wrote $conf"
fi

# rootless podman and Toolbx's rslave mounts want / shared
mount --make-rshared / 2>/dev/null || true

# toolbox (the CLI) bind-mounts the system bus socket
if [[ ! -S /run/dbus/system_bus_socket ]]; then
  mkdir -p /run/dbus
  rm -f /run/dbus/pid
  dbus-daemon --system --fork >/dev/null 2>&1 || say "could not start a D-Bus system bus"
fi

# the unprivileged user of the rootless checks, with its runtime directory (as logind would make it)
id toolshed >/dev/null 2>&1 || { useradd --create-home --shell /bin/bash toolshed; say "added user toolshed"; }
uid=$(id -u toolshed)
install -d -o toolshed -g toolshed -m 700 "/run/user/$uid"
install -d -m 700 /run/user/0

# a container runs, as root and rootless (an image of /bin/true alone: no registry needed)
smoke=localhost/toolshed-prepare-smoke:1
if ! podman image exists "$smoke"; then
  dir=$(mktemp -d)
  install -D /bin/true "$dir/bin/true"
  for library in $(ldd /bin/true | grep -o '/[^ ]*'); do install -D "$library" "$dir$library"; done
  tar -C "$dir" -c . | podman import --quiet --change 'CMD ["/bin/true"]' - "$smoke" >/dev/null
  rm -rf "$dir"
fi
podman run --rm --network none "$smoke" || { echo "prepare-machine: podman cannot run a container here" >&2; exit 1; }
as_toolshed() { (cd /tmp && runuser -u toolshed -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME=/home/toolshed "$@"); }
if ! as_toolshed podman image exists "$smoke" 2>/dev/null; then
  archive=$(mktemp /tmp/toolshed-smoke.XXXXXX)
  rm -f "$archive"
  podman save --quiet -o "$archive" "$smoke"
  chmod 644 "$archive"
  as_toolshed podman load --quiet -i "$archive" >/dev/null
  rm -f "$archive"
fi
if as_toolshed podman run --rm --network host "$smoke"; then rootless=yes; else rootless=no; fi
say "podman $(podman --version | awk '{print $3}'): containers run as root; rootless as toolshed (uid $uid): $rootless"

# the tests open login shells in this account: a `pyenv rehash` its profile ran that was killed
# halfway (a toolbox stopped under a shell still reading its profile) leaves pyenv's lock behind,
# and every later login shell then waits 60 s for it; a lock older than any rehash takes goes
# (the test suites do the same after each test: test/support/profileLocks.ts)
pyenv_lock="${PYENV_ROOT:-$HOME/.pyenv}/shims/.pyenv-shim"
if [[ -e $pyenv_lock ]] && (($(date +%s) - $(stat -c %Y "$pyenv_lock") > 5)); then
  rm -f "$pyenv_lock"
  say "removed a stale pyenv rehash lock ($pyenv_lock)"
fi

# the offline test images (skipped when those of this revision are there)
bash "$(dirname "${BASH_SOURCE[0]}")/../e2e/fixtures/build-image.sh" --rootless-user toolshed
