#!/usr/bin/env bash
# Runs inside the podman 5 root (entered by env.sh's p5_enter): the pieces of
# the test stack that need the root's own podman.
#   inside.sh image-ids IMAGE...              "root: ID...; rootless: ID..."
#   inside.sh load-images ARCHIVE IMAGE...    podman load for root and the rootless user
#   inside.sh test SUITE [ARGS...]            one suite (integration, e2e, unit) as `npm run test:SUITE -- ARGS`,
#                                             or the benchmarks (bench) as `npm run bench -- ARGS`
#   inside.sh record OUTDIR                   record-inside.sh, with a system bus
#   inside.sh shell                           an interactive shell, set up the same way
set -uo pipefail
user=toolshed
uid=$(id -u "$user")

as_user() { (cd /tmp && runuser -u "$user" -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME="/home/$user" PATH="$PATH" \
  PODMAN_IGNORE_CGROUPSV1_WARNING=1 "$@"); }
ids() { "$@" image inspect --format '{{.Id}}' "${images[@]}" 2>/dev/null | paste -sd' '; }

# What the suites expect of a machine (scripts/prepare-machine.sh does it on the host).
setup() {
  mount --make-rshared / 2>/dev/null || true
  if [[ ! -S /run/dbus/system_bus_socket ]]; then
    mkdir -p /run/dbus
    dbus-daemon --system --fork >/dev/null 2>&1 || echo "podman5: dbus-daemon --system failed" >&2
  fi
}

cmd=${1:?usage: inside.sh image-ids|load-images|test|shell}; shift
case $cmd in
  image-ids)
    images=("$@")
    echo "root: $(ids podman); rootless: $(ids as_user podman)"
    ;;
  load-images)
    archive=$1; shift; images=("$@")
    podman rmi --force "${images[@]}" >/dev/null 2>&1
    podman load --quiet -i "$archive" >/dev/null || exit 1
    as_user podman rmi --force "${images[@]}" >/dev/null 2>&1
    as_user podman load --quiet -i "$archive" >/dev/null || echo "podman5: rootless podman load failed" >&2
    ;;
  test)
    suite=${1:?usage: inside.sh test integration|e2e|unit [ARGS...]}; shift
    setup
    cd "${TOOLSHED_PODMAN5_REPO:?}" || exit 1
    args=("$@")
    # Playwright's output (traces of failures) outside the project's test-results/,
    # which a run on the host may be using at the same time
    [[ $suite == e2e ]] && args=(--output=/var/tmp/toolshed-podman5/e2e-results "${args[@]}")
    echo "podman5: $(podman --version), $(runc --version | head -1), $(toolbox --version), distrobox $(distrobox version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1)"
    echo "podman5: $suite${args[*]:+ -- ${args[*]}}"
    script=test:$suite
    [[ $suite == bench ]] && script=bench
    if ((${#args[@]})); then exec npm run "$script" -- "${args[@]}"; else exec npm run "$script"; fi
    ;;
  record)
    setup
    exec bash "$(dirname "$0")/record-inside.sh" "$@"
    ;;
  shell)
    setup
    cd "${TOOLSHED_PODMAN5_REPO:-/}" && exec bash -i
    ;;
  *) echo "inside.sh: unknown command $cmd" >&2; exit 2 ;;
esac
