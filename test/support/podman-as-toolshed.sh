#!/bin/sh
# Runs the real podman as the unprivileged user "toolshed" (rootless storage),
# so a root test process can drive a rootless engine: createPodmanRunner({ binary: this }).
uid=$(id -u toolshed) || exit 125
cd /tmp || exit 125
exec runuser -u toolshed -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME=/home/toolshed podman "$@"
