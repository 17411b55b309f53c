#!/usr/bin/env bash
# Runs the project's integration and e2e suites against podman 5: inside the
# Debian sid root that build.sh makes (and refreshes first), as root, with
# CI=true, a system bus, and e2e on its own port (the host's suite may be
# running at the same time: separate podman storage, /tmp, /run and processes).
#
#   scripts/podman5/run.sh [integration] [e2e] [unit] [bench] [-- ARGS...]   default: integration e2e
#   scripts/podman5/run.sh shell                                     a shell inside, set up the same way
#
# ARGS go to every suite's runner (a test file, -t NAME, --grep …).
# Environment: see env.sh; also TOOLSHED_E2E_PORT (default 41787 here), and
# TOOLSHED_PODMAN5_CGROUPSV1_WARNING=1 to let podman print its cgroups v1
# deprecation warning (hidden by default with PODMAN_IGNORE_CGROUPSV1_WARNING=1).
# Exit status: 0 when every suite passed. Each suite's time is printed at the end.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

suites=() extra=()
while (($#)); do
  case $1 in
    integration|e2e|unit|bench|shell) suites+=("$1") ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) p5_die "unknown argument $1 (integration, e2e, unit, bench, shell, -- ARGS)" ;;
  esac
  shift
done
((${#suites[@]})) || suites=(integration e2e)
[[ $(id -u) == 0 ]] || p5_die "run as root"
p5_lock

start=$SECONDS
bash "$here/build.sh"
build_s=$((SECONDS - start))

env_inside=(
  PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 TERM="${TERM:-xterm}"
  XDG_RUNTIME_DIR=/run/user/0
  CI=true TOOLSHED_ULIMIT_HOST=0 ELECTRON_SKIP_BINARY_DOWNLOAD=1
  TOOLSHED_E2E_PORT="${TOOLSHED_E2E_PORT:-41787}"
  TOOLSHED_PODMAN5_REPO="$P5_REPO"
)
# podman 5 warns on stderr of every command on a cgroups v1 host like this one,
# unless told not to; TOOLSHED_PODMAN5_CGROUPSV1_WARNING=1 keeps the warning
# (what a user of such a host gets) to see what it breaks
[[ ${TOOLSHED_PODMAN5_CGROUPSV1_WARNING:-0} == 1 ]] || env_inside+=(PODMAN_IGNORE_CGROUPSV1_WARNING=1)
[[ -n ${TOOLSHED_FIXTURE_IMAGE:-} ]] && env_inside+=(TOOLSHED_FIXTURE_IMAGE="$TOOLSHED_FIXTURE_IMAGE")

if [[ ${suites[0]} == shell ]]; then
  p5_enter "$P5_ROOT" "${env_inside[@]}" -- bash "$P5_REPO/scripts/podman5/inside.sh" shell
  exit
fi

summary=() failed=0
for suite in "${suites[@]}"; do
  t=$SECONDS status=0
  printf '\n=== podman 5: %s (%s)\n' "$suite" "$(date +%T)"
  p5_enter "$P5_ROOT" "${env_inside[@]}" -- bash "$P5_REPO/scripts/podman5/inside.sh" test "$suite" "${extra[@]}" || status=$?
  ((status == 0)) || failed=1
  summary+=("$suite: $([[ $status == 0 ]] && echo passed || echo "FAILED (exit $status)") in $((SECONDS - t))s")
done
printf '\n=== podman 5 summary: root ready in %ss (%s)\n' "$build_s" "$(tr '\n' ' ' <"$P5_ROOT/.toolshed-podman5-versions")"
printf '  %s\n' "${summary[@]}"
exit "$failed"
