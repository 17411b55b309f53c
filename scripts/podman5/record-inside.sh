#!/usr/bin/env bash
# Runs inside the podman 5 root (record.sh enters it): records what podman 5
# prints for the commands Toolshed runs, for unit tests to replay, into OUT:
#   podman-version.json, podman-ps-root.json, podman-ps-rootless-distrobox.json,
#   podman-inspect-toolbox.json, podman-events.jsonl, podman-images-root.json,
#   podman-stats.json, pull/*.txt (test/recorded/pull/record.mjs, as for 4.3.1)
# Containers and images are named tsh-rec-* / tsh-wiz-* and removed afterwards.
set -euo pipefail
out=${1:?usage: record-inside.sh OUTDIR}
repo=${TOOLSHED_PODMAN5_REPO:?}
fixture=localhost/toolshed-fixture:bookworm
user=toolshed uid=$(id -u toolshed)
mkdir -p "$out/pull"
cd /tmp
as_user() { (cd /tmp && runuser -u "$user" -- env XDG_RUNTIME_DIR="/run/user/$uid" HOME="/home/$user" SHELL=/bin/bash \
  PATH="$PATH" PODMAN_IGNORE_CGROUPSV1_WARNING=1 "$@"); }
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify(JSON.parse(s),null,2)+"\n"))'; }
names=(tsh-rec-cli tsh-rec-running tsh-rec-plain tsh-rec-old tsh-rec-events tsh-rec-events-renamed)
cleanup() {
  podman rm --force --time 0 "${names[@]}" >/dev/null 2>&1 || true
  as_user podman rm --force --time 0 tsh-it-dbx >/dev/null 2>&1 || true
  podman rmi --force localhost/prepare-machine-smoke:1 localhost/tsh-wiz-layers:4 >/dev/null 2>&1 || true
  podman image prune --force >/dev/null 2>&1 || true
  [[ -n ${registry_pids:-} ]] && kill $registry_pids 2>/dev/null || true
}
trap cleanup EXIT
cleanup

echo "record: podman version"
podman version --format json | json >"$out/podman-version.json"

# a scratch image of /bin/true (as scripts/prepare-machine.sh makes on the host)
tmp=$(mktemp -d) && mkdir -p "$tmp/bin" && cp /bin/true "$tmp/bin/true"
for l in $(ldd /bin/true | grep -o '/[^ ]*'); do mkdir -p "$tmp$(dirname "$l")"; cp "$l" "$tmp$l"; done
tar -C "$tmp" -c . | podman import --quiet --change 'CMD ["/bin/true"]' - localhost/prepare-machine-smoke:1 >/dev/null
# ...twice, so the first becomes a dangling image, as in the 4.3.1 recording
tar -C "$tmp" -c . | podman import --quiet --change 'CMD ["/bin/true"]' --change 'LABEL rev=2' - localhost/prepare-machine-smoke:1 >/dev/null
rm -rf "$tmp"

echo "record: containers (toolbox CLI, running toolbox, plain, old label) and podman ps"
toolbox create --image "$fixture" tsh-rec-cli >/dev/null
toolbox create --image "$fixture" tsh-rec-running >/dev/null
toolbox run -c tsh-rec-running true
podman run --name tsh-rec-plain localhost/prepare-machine-smoke:1 >/dev/null   # exits at once: Exited (0)
podman create --name tsh-rec-old --label com.github.debarshiray.toolbox=true localhost/prepare-machine-smoke:1 >/dev/null
podman ps --all --format json | json >"$out/podman-ps-root.json"
podman inspect --type container --format json --size tsh-rec-running | json >"$out/podman-inspect-toolbox.json"
podman stats --no-stream --format json tsh-rec-running | json >"$out/podman-stats.json"
podman images --format json | json >"$out/podman-images-root.json"

echo "record: podman events (create, start, stop, rename, remove), as Toolshed follows them"
podman events --format json --filter type=container >"$out/podman-events.jsonl" 2>/dev/null &
events=$!
sleep 1
podman create --name tsh-rec-events --label com.github.containers.toolbox=true "$fixture" sleep infinity >/dev/null
podman start tsh-rec-events >/dev/null
podman stop --time 0 tsh-rec-events >/dev/null
podman rename tsh-rec-events tsh-rec-events-renamed
podman rm tsh-rec-events-renamed >/dev/null
sleep 1
kill "$events"; wait "$events" 2>/dev/null || true

echo "record: a distrobox container, rootless, as user $user"
as_user distrobox create --yes --image "$fixture" --name tsh-it-dbx >/dev/null 2>&1
as_user podman ps --all --format json | json >"$out/podman-ps-rootless-distrobox.json"

echo "record: podman pull (test/recorded/pull/record.mjs)"
reg=/tmp/wiz-reg
mkdir -p "$reg"
cat >"$reg/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$reg/store"
runroot = "$reg/run"
CONF
printf '[[registry]]\nlocation = "127.0.0.1:5055"\ninsecure = true\n[[registry]]\nlocation = "127.0.0.1:5056"\ninsecure = true\n' >"$reg/registries.conf"
printf '[[registry]]\nlocation = "127.0.0.1:5055"\ninsecure = true\n' >"$reg/registries-no-5056.conf"
printf 'unqualified-search-registries = ["127.0.0.1:5055", "127.0.0.1:5056"]\n[[registry]]\nlocation = "127.0.0.1:5055"\ninsecure = true\n[[registry]]\nlocation = "127.0.0.1:5056"\ninsecure = true\n' >"$reg/registries-search.conf"
: >"$reg/registries-plain.conf"
registry_conf() { # PORT [AUTH]
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s/blobs-%s\nhttp:\n  addr: 127.0.0.1:%s\n%s' "$reg" "$1" "$1" "${2:-}"
}
registry_conf 5055 >"$reg/open.yml"
# a registry that wants a login (htpasswd; podman never logs in, so the hash needs no known password)
printf 'tsh:$2y$05$%s\n' "$(head -c 300 /dev/urandom | tr -dc 'A-Za-z0-9./' | head -c 53)" >"$reg/htpasswd"
registry_conf 5056 "$(printf 'auth:\n  htpasswd:\n    realm: tsh\n    path: %s/htpasswd\n' "$reg")" >"$reg/auth.yml"
docker-registry serve "$reg/open.yml" >"$reg/open.log" 2>&1 & registry_pids=$!
docker-registry serve "$reg/auth.yml" >"$reg/auth.log" 2>&1 & registry_pids+=" $!"
sleep 2
# the 4-layer image: the fixture and three layers of 9, 12 and 15 MiB of random bytes
ctx=$(mktemp -d)
head -c $((9 * 1024 * 1024)) /dev/urandom >"$ctx/a"; head -c $((12 * 1024 * 1024)) /dev/urandom >"$ctx/b"; head -c $((15 * 1024 * 1024)) /dev/urandom >"$ctx/c"
printf 'FROM %s\nCOPY a /a\nCOPY b /b\nCOPY c /c\n' "$fixture" >"$ctx/Containerfile"
podman build --quiet --network none -t localhost/tsh-wiz-layers:4 "$ctx" >/dev/null
rm -rf "$ctx"
podman push --quiet --tls-verify=false "$fixture" 127.0.0.1:5055/toolshed-fixture:bookworm
podman push --quiet --tls-verify=false localhost/tsh-wiz-layers:4 127.0.0.1:5055/tsh-wiz-layers:4

record() { # pty|pipe FILE REFERENCE [REGISTRIES_CONF]
  CONTAINERS_STORAGE_CONF="$reg/storage.conf" CONTAINERS_REGISTRIES_CONF="${4:-$reg/registries.conf}" \
    timeout 300 node "$repo/test/recorded/pull/record.mjs" "$1" "$out/pull/$2" "$3"
}
scratch() { CONTAINERS_STORAGE_CONF="$reg/storage.conf" CONTAINERS_REGISTRIES_CONF="$reg/registries.conf" podman "$@"; }
record pty pty-4-layers.txt 127.0.0.1:5055/tsh-wiz-layers:4
scratch rmi --all --force >/dev/null
record pipe pipe-4-layers.txt 127.0.0.1:5055/tsh-wiz-layers:4
scratch rmi --all --force >/dev/null
scratch pull --quiet 127.0.0.1:5055/toolshed-fixture:bookworm >/dev/null
record pty pty-base-layer-skipped.txt 127.0.0.1:5055/tsh-wiz-layers:4
scratch rmi --all --force >/dev/null
record pty pty-1-layer.txt 127.0.0.1:5055/toolshed-fixture:bookworm
record pty pty-manifest-unknown.txt 127.0.0.1:5055/toolshed-fixture:nope
record pty pty-connection-refused.txt 127.0.0.1:5057/tsh-wiz-gone:1
record pty pty-unauthorized.txt 127.0.0.1:5056/toolshed-fixture:bookworm
record pty pty-http-registry.txt 127.0.0.1:5055/toolshed-fixture:bookworm "$reg/registries-plain.conf"
record pty pty-no-network.txt quay.io/toolbx/ubuntu-toolbox:24.04
record pty pty-short-name.txt foobarzz "$reg/registries-plain.conf"
record pipe pipe-short-name.txt foobarzz "$reg/registries-plain.conf"
record pipe pipe-short-name-search.txt toolshed-fixture:bookworm "$reg/registries-search.conf"
scratch rmi --all --force >/dev/null 2>&1 || true
rm -rf "$reg"
echo "record: done"
