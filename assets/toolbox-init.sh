#!/bin/sh
# Toolshed's container entry point: a POSIX sh stand-in for Toolbx's
# `toolbox init-container`, used when the host has no toolbox binary to
# bind-mount. Toolshed mounts this file read-only at /usr/bin/toolbox, so the
# container's Config.Cmd[0] is "toolbox" and a toolbox CLI installed later
# still accepts and enters the container. Must run under dash, busybox ash and
# bash: it runs inside arbitrary images.
#
# Log lines are logfmt on stdout (`level=debug msg="..."`): Toolshed and the
# toolbox CLI read them back with `podman logs`.

# Images with a non-root default PATH may lack the sbin directories.
PATH=${PATH:-/usr/bin:/bin}:/usr/local/sbin:/usr/sbin:/sbin
export PATH

NL='
'
# subst STRING FIND REPLACEMENT: replace every FIND, result in SUB (no forks).
subst() {
	SUB='' _s=$1
	while :; do
		case $_s in *"$2"*) ;; *) break ;; esac
		SUB=$SUB${_s%%"$2"*}$3
		_s=${_s#*"$2"}
	done
	SUB=$SUB$_s
}
log() {
	subst "$2" '\' '\\'; subst "$SUB" '"' '\"'; subst "$SUB" "$NL" '\n'
	printf 'level=%s msg="%s"\n' "$1" "$SUB"
}
debug() { log debug "$*"; }
info() { log info "$*"; }
warn() { log warning "$*"; }
die() { log error "$*"; exit 1; }
# try CMD...: run quietly, keeping its output in OUT for the error message.
try() { OUT=$("$@" 2>&1); }
# run CMD...: like try, but say what runs (Toolbx logs useradd & co too).
run() { debug "Running $*"; try "$@"; }

# field FILE KEY COLUMN: succeed if a line of FILE (passwd/group format) has
# KEY in COLUMN (1 = name, 3 = id); its name lands in FIELD. Reading the files
# directly works in images without getent, and matches what useradd edits.
field() {
	FIELD=''
	while IFS=: read -r _n _p _i _rest; do
		case $3 in 1) _k=$_n ;; *) _k=$_i ;; esac
		if [ "$_k" = "$2" ]; then FIELD=$_n; return 0; fi
	done <"$1"
	return 1
}

# --- Command line: `toolbox [--log-level L] init-container --flag value ...`.
# Cobra (Toolbx's parser) takes `--flag value`, `--flag=value` and
# `--bool=true|false`; so do we.
sub='' gid='' home='' shell='' uid='' user='' home_link=false media_link=false mnt_link=false
while [ $# -gt 0 ]; do
	arg=$1; shift
	case $arg in
	--*=*) name=${arg%%=*} val=${arg#*=} has_val=true ;;
	*) name=$arg val='' has_val=false ;;
	esac
	case $name in
	--log-level|--gid|--home|--shell|--uid|--user)
		if ! $has_val; then
			[ $# -gt 0 ] || die "flag needs an argument: $name"
			val=$1; shift
		fi
		case $name in
		--gid) gid=$val ;; --home) home=$val ;; --shell) shell=$val ;;
		--uid) uid=$val ;; --user) user=$val ;;
		esac ;;
	--home-link|--media-link|--mnt-link|--monitor-host|--verbose|-v|--assumeyes|-y)
		$has_val || val=true
		case $val in true|false) ;; *) die "invalid argument \"$val\" for \"$name\" flag" ;; esac
		case $name in
		--home-link) home_link=$val ;; --media-link) media_link=$val ;;
		--mnt-link) mnt_link=$val ;;
		esac ;;   # --monitor-host is deprecated in Toolbx: a no-op here too
	-*) die "unknown flag: $arg" ;;
	*) [ -z "$sub" ] || die "unexpected argument \"$arg\" for \"$sub\""; sub=$arg ;;
	esac
done
[ "$sub" = init-container ] ||
	die "unknown command \"$sub\": this /usr/bin/toolbox is Toolshed's container entry point and only implements init-container; install the toolbox package on the host for the rest"
for f in home shell uid user; do
	eval "[ -n \"\$$f\" ]" || die "required flag \"$f\" not set"
done
[ -n "$gid" ] || gid=$uid   # as in Toolbx: the GID defaults to the UID
case $uid$gid in *[!0-9]*) die "invalid --uid \"$uid\" or --gid \"$gid\": not a number" ;; esac

# --- Check the image before changing anything, so a bad image fails fast
# with one clear line per missing piece (the container then stops).
missing=''
need() {
	command -v "$1" >/dev/null 2>&1 && return
	log error "this image lacks $1 (package $2): Toolbx containers need it"; missing=1
}
need capsh "libcap2-bin or libcap"   # `toolbox enter` runs every shell via capsh
need useradd "passwd or shadow-utils"
need usermod "passwd or shadow-utils"
need passwd "passwd"
need mount "mount or util-linux"
need sudo "sudo"
sudo_group=''
for g in sudo wheel; do
	if field /etc/group "$g" 1; then sudo_group=$g; break; fi
done
[ -n "$sudo_group" ] || { log error "this image has neither a sudo nor a wheel group: Toolbx containers need one"; missing=1; }
[ -z "$missing" ] || exit 1

# --- 1. Mark the container as a Toolbx one (tools inside test these files).
[ -e /run/.containerenv ] || die "the 'init-container' command can only be used inside containers"
for f in /run/.toolboxenv /run/.toolbxenv; do
	debug "Creating $f"
	try touch "$f" || die "failed to create $f: $OUT"
done
# Toolbx's test hooks, handy for testing a caller's wait/failure paths.
case ${TOOLBX_DELAY_ENTRY_POINT:-} in ''|*[!0-9]*) ;; *)
	debug "Adding a delay of ${TOOLBX_DELAY_ENTRY_POINT}s"; sleep "$TOOLBX_DELAY_ENTRY_POINT" ;;
esac
[ -z "${TOOLBX_FAIL_ENTRY_POINT:-}" ] || die "TOOLBX_FAIL_ENTRY_POINT is set"

# redirect PATH TARGET [dir]: replace PATH with a symlink to TARGET. A host
# link that is absolute and dangles inside the container (typically
# resolv.conf -> /run/systemd/resolve/stub-resolv.conf) is re-aimed below
# /run/host, as Toolbx does.
redirect() {
	debug "Preparing to redirect $1 to $2"
	_t=$2
	if [ -L "$_t" ] && [ ! -e "$_t" ]; then
		_d=$(readlink "$_t")
		warn "Failed to resolve $_t"
		case $_d in /*) debug "Prepending /run/host to $_d"; _t=/run/host$_d ;; esac
	fi
	if [ -d "$1" ] && [ ! -L "$1" ]; then try rmdir "$1"; else try rm -f "$1"; fi ||
		die "failed to redirect $1 to $2: $OUT"
	if [ "${3:-}" = dir ]; then try mkdir -p "$2" || die "failed to redirect $1 to $2: $OUT"; fi
	debug "Redirecting $1 to $_t"
	try ln -s "$_t" "$1" || die "failed to redirect $1 to $2: $OUT"
}

# /etc/timezone for programs that read it rather than /etc/localtime. Taken
# from the host's link target (…/zoneinfo/Europe/Berlin -> Europe/Berlin).
update_timezone() {
	_lt=/run/host/etc/localtime
	if [ -L "$_lt" ]; then
		_z=$(readlink "$_lt")
		case $_z in */zoneinfo/*) _z=${_z#*/zoneinfo/} ;;
		*) warn "/etc/localtime points to unknown location $_z"; return ;; esac
	elif [ -e "$_lt" ]; then
		warn "The host's /etc/localtime is not a symbolic link: leaving /etc/timezone alone"; return
	else
		_z=UTC
	fi
	debug "Writing /etc/timezone: $_z"
	{ rm -f /etc/timezone && printf '%s\n' "$_z" >/etc/timezone; } 2>/dev/null ||
		warn "Failed to write /etc/timezone"
}

# --- 2. Share the host's name resolution and clock settings.
if [ -d /run/host/etc ]; then
	debug "Path /run/host/etc exists"
	for f in host.conf hosts localtime resolv.conf; do
		src=/run/host/etc/$f
		if [ ! -e "$src" ] && [ ! -L "$src" ]; then
			debug "$src not found: keeping the image's /etc/$f"; continue
		fi
		case $f in
		host.conf|hosts) [ -L "/etc/$f" ] && continue ;;
		*) [ "$(readlink "/etc/$f" 2>/dev/null)" = "$src" ] && continue ;;
		esac
		redirect "/etc/$f" "$src"
	done
	update_timezone
fi

# --- 3. Match the host's layout where /media and /mnt are symlinks.
if $media_link && [ ! -L /media ]; then redirect /media /run/media dir; fi
if $mnt_link && [ ! -L /mnt ]; then redirect /mnt /var/mnt dir; fi

# --- 4. Bind host locations (journal, udev, /tmp, flatpak ...) into place.
# Toolbx creates the mount point when only the host has it. A failed mount is
# a warning here, not fatal: the container stays usable without it.
bind() {
	if [ -d "$2" ]; then
		debug "Creating directory $1"; try mkdir -p "$1"
	elif [ -f "$2" ]; then
		[ -e "$1" ] || { debug "Creating regular file $1"; try touch "$1"; }
	else
		return 0   # absent on the host
	fi
	debug "Binding $1 to $2"
	if [ -n "${3:-}" ]; then try mount --rbind --options "$3" "$2" "$1"; else try mount --rbind "$2" "$1"; fi ||
		warn "Failed to bind $1 to $2: $OUT"
}
for p in /etc/machine-id /run/libvirt /run/systemd/journal /run/systemd/resolve \
	/run/systemd/sessions /run/systemd/system /run/systemd/users /run/udev/data \
	/run/udev/tags /var/lib/flatpak /var/lib/libvirt /var/lib/systemd/coredump \
	/var/log/journal; do
	bind "$p" "/run/host$p"
done
bind /tmp /run/host/tmp rslave
bind /var/mnt /run/host/var/mnt rslave
# Hide the host's SELinux state: the container is not confined by it.
[ ! -e /sys/fs/selinux ] || bind /sys/fs/selinux /usr/share/empty

# --- 5. The host user, with the host's UID/GID, in the sudo group.
if $home_link; then redirect /home /var/home dir; fi
if field /etc/group "$gid" 3; then
	debug "Group with GID $gid exists: $FIELD"
else
	command -v groupadd >/dev/null 2>&1 ||
		die "this image lacks groupadd (package passwd or shadow-utils): Toolbx containers need it"
	gname=$user
	! field /etc/group "$gname" 1 || gname=toolbx-$gid
	run groupadd --gid "$gid" "$gname" || die "failed to add group $gname with GID $gid: $OUT"
fi
if field /etc/passwd "$user" 1; then
	debug "Modifying user $user with UID $uid:"
	run usermod --append --groups "$sudo_group" --home "$home" --shell "$shell" \
		--uid "$uid" --gid "$gid" "$user" ||
		die "failed to modify user $user with UID $uid: $OUT"
else
	debug "Adding user $user with UID $uid:"
	run useradd --groups "$sudo_group" --home-dir "$home" --no-create-home \
		--shell "$shell" --uid "$uid" --gid "$gid" "$user" ||
		die "failed to add user $user with UID $uid: $OUT"
fi
for u in "$user" root; do
	debug "Removing password for user $u"
	try passwd --delete "$u" || die "failed to remove password for user $u: $OUT"
done
# Toolbx leaves password-less sudo to the image (Fedora/Arch images ship a
# NOPASSWD drop-in, Ubuntu relies on pam nullok); `sudo -n` needs NOPASSWD,
# so add one unless the image has its own. No dot in the name: sudo skips those.
if [ -d /etc/sudoers.d ] && [ ! -e /etc/sudoers.d/toolbox ]; then
	debug "Allowing group $sudo_group to use sudo without a password"
	{ printf '# Written by Toolshed (Toolbx-compatible init-container)\n%%%s ALL=(ALL:ALL) NOPASSWD: ALL\n' \
		"$sudo_group" >/etc/sudoers.d/.toolbox.new &&
		chmod 0440 /etc/sudoers.d/.toolbox.new &&
		mv -f /etc/sudoers.d/.toolbox.new /etc/sudoers.d/toolbox; } 2>/dev/null ||
		warn "Failed to write /etc/sudoers.d/toolbox: sudo may ask for a password"
fi

# --- 6. Kerberos via the host's KCM, and keep rpm away from bind mounts.
debug "Configuring Kerberos to use KCM as the default credential cache"
if [ -d /etc/krb5.conf.d ] && [ ! -e /etc/krb5.conf.d/kcm_default_ccache ]; then
	printf '%s\n' '# Written by Toolshed (Toolbx-compatible init-container)' '#' \
		'# # To disable the KCM credential cache, comment out the following lines.' '' \
		'[libdefaults]' '    default_ccache_name = KCM:' >/etc/krb5.conf.d/kcm_default_ccache ||
		die "failed to configure Kerberos to use KCM as the default credential cache"
fi
if [ -d /usr/lib/rpm/macros.d ]; then
	debug "Configuring RPM to ignore bind mounts"
	printf '%s\n' '# Written by Toolshed (Toolbx-compatible init-container)' '' \
		'%_netsharedpath /dev:/media:/mnt:/proc:/sys:/tmp:/var/lib/flatpak:/var/lib/libvirt' \
		>/usr/lib/rpm/macros.d/macros.toolbox || die "failed to configure RPM to ignore bind mounts"
fi
debug "Finished initializing container"

# --- 7. Ready stamp. The CLI waits for <runtime dir>/toolbox/
# container-initialized-<State.Pid>, the runtime dir being /run for root and
# $XDG_RUNTIME_DIR otherwise (bind-mounted, so the host sees it). With
# --pid host this script is the container's first process, so $$ is State.Pid.
if [ "$uid" -eq 0 ]; then rdir=/run; else rdir=${XDG_RUNTIME_DIR:-/run/user/$uid}; fi
tdir=$rdir/toolbox
debug "Creating runtime directory $tdir"
OUT=$(umask 077 && mkdir -p "$tdir" 2>&1) || die "failed to create runtime directory $tdir: $OUT"
try chown "$uid:$gid" "$tdir" || die "failed to change ownership of the runtime directory $tdir: $OUT"
stamp=$tdir/container-initialized-$$
debug "Creating initialization stamp $stamp"
try touch "$stamp" || die "failed to create initialization stamp: $OUT"
try chown "$uid:$gid" "$stamp" || die "failed to change ownership of initialization stamp: $OUT"
info "Container initialized for user $user (UID $uid, GID $gid)"

# --- 8. Idle until stopped. Sleep in the background and `wait` so SIGTERM
# is handled at once (podman stop would otherwise wait its 10 s timeout);
# wake daily, like Toolbx, to refresh the time zone and the locate database.
sleeper=''
quit() { debug "Received SIG$1: exiting"; [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null; exit 0; }
trap 'quit TERM' TERM; trap 'quit INT' INT; trap 'quit HUP' HUP
if command -v updatedb >/dev/null 2>&1; then updatedb >/dev/null 2>&1 & fi
debug "Waiting to sleep forever (waking daily)"
while :; do
	sleep 86400 &
	sleeper=$!
	wait "$sleeper"
	debug "Handling daily tick"
	update_timezone
	if command -v updatedb >/dev/null 2>&1; then try updatedb || warn "Failed to run updatedb(8): $OUT"; fi
done
