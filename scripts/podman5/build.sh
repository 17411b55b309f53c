#!/usr/bin/env bash
# Builds, once, the Debian sid root that the podman 5 test stack runs in, and
# keeps the fixture images in its podman storage (root and rootless) equal to
# this machine's. Idempotent: with the root current and the images loaded it
# takes a few seconds.
#
#   scripts/podman5/build.sh [--force]
#
# The root is rebuilt when its package list (or the build revision, see env.sh)
# changes; downloaded .debs are kept beside it for the next build. See env.sh
# for the environment variables (location, suite, mirror).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

force=0
[[ ${1:-} == --force ]] && force=1
[[ $(id -u) == 0 ]] || p5_die "run as root (debootstrap, chroot and mounts need it)"
p5_lock
for tool in debootstrap unshare chroot podman; do
  command -v "$tool" >/dev/null || p5_die "$tool is missing (scripts/prepare-machine.sh installs it)"
done
start=$SECONDS
stamp=$(p5_stamp)
stamp_file="$P5_ROOT/.toolshed-podman5-stamp"

# Nothing of ours may still be mounted under DIR before it is deleted.
mounted_under() { awk -v d="$1" '$2 == d || index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mounts; }
remove_tree() {
  [[ -e $1 ]] || return 0
  if mounted_under "$1"; then umount -R "$1" 2>/dev/null || umount -R -l "$1"; fi
  rm -rf --one-file-system "$1"
}

build_root() {
  local new="$P5_ROOT.new" log mirror uid
  log=$(mktemp /tmp/toolshed-podman5-build.XXXXXX.log)
  mirror=$(p5_mirror)
  remove_tree "$new"
  mkdir -p "$(dirname "$P5_ROOT")" "$P5_DEBS"
  p5_log "debootstrap (minbase) $P5_SUITE from $mirror into $new (log: $log)"
  debootstrap --variant=minbase --cache-dir="$P5_DEBS" "$P5_SUITE" "$new" "$mirror" >"$log" 2>&1 ||
    { tail -30 "$log" >&2; p5_die "debootstrap failed"; }
  cp -L /etc/resolv.conf "$new/etc/resolv.conf"
  # a mirror may serve a frozen sid (a snapshot, a cache) whose Release is past Valid-Until
  echo 'Acquire::Check-Valid-Until "false";' >"$new/etc/apt/apt.conf.d/99toolshed-podman5"
  printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d" && chmod 755 "$new/usr/sbin/policy-rc.d"
  p5_log "apt-get install ${P5_PACKAGES[*]}"
  # in a private mount namespace: the mounts go when it ends
  unshare --mount --propagation private -- bash -euo pipefail -c '
    new=$1 debs=$2; shift 2
    mount -t proc proc "$new/proc"
    mount --rbind /dev "$new/dev"
    mount -t tmpfs tmpfs "$new/run"
    mount --bind "$debs" "$new/var/cache/apt/archives"
    export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
    chroot "$new" apt-get update -qq
    chroot "$new" apt-get install -y -qq --no-install-recommends "$@"
    umount -R "$new/var/cache/apt/archives" "$new/run" "$new/dev" "$new/proc"
  ' bash "$new" "$P5_DEBS" "${P5_PACKAGES[@]}" >>"$log" 2>&1 ||
    { tail -30 "$log" >&2; p5_die "apt-get install failed"; }
  rm -f "$new/usr/sbin/policy-rc.d"
  # a machine id (dbus wants one), the rootless user with the host's uid and
  # subordinate ids, and no apt lists (they are refreshed on the next build)
  chroot "$new" dbus-uuidgen --ensure=/etc/machine-id
  uid=$(id -u "$P5_USER" 2>/dev/null || echo 1001)
  chroot "$new" useradd -m -u "$uid" -s /bin/bash "$P5_USER"
  grep -q "^$P5_USER:" "$new/etc/subuid" || chroot "$new" usermod --add-subuids 100000-165535 "$P5_USER"
  grep -q "^$P5_USER:" "$new/etc/subgid" || chroot "$new" usermod --add-subgids 100000-165535 "$P5_USER"
  rm -rf "${new:?}"/var/lib/apt/lists/* "${new:?}"/var/cache/apt/*.bin
  chroot "$new" dpkg-query -W -f '${Package} ${Version}\n' podman runc podman-toolbox distrobox chromium conmon \
    >"$new/.toolshed-podman5-versions"
  echo "$stamp" >"$new/.toolshed-podman5-stamp"
  remove_tree "$P5_ROOT"
  mv "$new" "$P5_ROOT"
  rm -f "$log"
  p5_log "root built in $((SECONDS - start))s: $(tr '\n' ' ' <"$P5_ROOT/.toolshed-podman5-versions")"
}

if ((force)) || [[ ! -s $stamp_file || $(cat "$stamp_file") != "$stamp" ]]; then
  build_root
else
  p5_log "root $P5_ROOT is current (stamp $stamp)"
fi

# The fixture images: this machine's (build-image.sh makes them when missing;
# it does nothing when they are current), copied into the root's storage and
# the rootless user's there when their IDs differ. podman save/load keeps IDs.
good="${TOOLSHED_FIXTURE_IMAGE:-localhost/toolshed-fixture:bookworm}"
bad="${good%:*}:nosudo"
host_ids=$(podman image inspect --format '{{.Id}}' "$good" "$bad" 2>/dev/null) || {
  p5_log "fixture images missing on this machine: building them"
  bash "$P5_REPO/e2e/fixtures/build-image.sh"
  host_ids=$(podman image inspect --format '{{.Id}}' "$good" "$bad")
}
inside() { p5_enter "$P5_ROOT" PATH=/usr/sbin:/usr/bin:/sbin:/bin PODMAN_IGNORE_CGROUPSV1_WARNING=1 -- \
  bash "$P5_REPO/scripts/podman5/inside.sh" "$@"; }
want=$(printf '%s\n' "$host_ids" | paste -sd' ')
have=$(inside image-ids "$good" "$bad")
if [[ $have != "root: $want; rootless: $want" ]]; then
  archive="$P5_ROOT/var/tmp/toolshed-fixtures.tar"
  rm -f "$archive"
  podman save --quiet --multi-image-archive -o "$archive" "$good" "$bad"
  chmod 644 "$archive"
  inside load-images /var/tmp/toolshed-fixtures.tar "$good" "$bad"
  rm -f "$archive"
  have=$(inside image-ids "$good" "$bad")
  [[ $have == "root: $want; rootless: $want" ]] || p5_log "fixture images after loading: $have (want $want)"
fi
p5_log "ready in $((SECONDS - start))s: $P5_ROOT ($(tr '\n' ' ' <"$P5_ROOT/.toolshed-podman5-versions"))"
