#!/usr/bin/env bash
# Records podman 5's output for the unit tests (see record-inside.sh for what)
# into test/recorded/podman5/ (or OUTDIR), from inside the podman 5 root.
#   scripts/podman5/record.sh [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
out=$(realpath -m "${1:-$P5_REPO/test/recorded/podman5}")
[[ $out == "$P5_REPO"/* ]] || p5_die "OUTDIR must be inside the project ($P5_REPO), which is what the root sees"
[[ $(id -u) == 0 ]] || p5_die "run as root"
p5_lock
bash "$here/build.sh"
p5_enter "$P5_ROOT" PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root USER=root SHELL=/bin/bash LANG=C.UTF-8 \
  XDG_RUNTIME_DIR=/run/user/0 PODMAN_IGNORE_CGROUPSV1_WARNING=1 TOOLSHED_PODMAN5_REPO="$P5_REPO" -- \
  bash "$P5_REPO/scripts/podman5/inside.sh" record "$out"
