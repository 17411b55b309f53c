#!/bin/sh
# Toolshed's container entry point: a POSIX sh stand-in for Toolbx's
# `toolbox init-container`, for hosts without a toolbox binary to bind-mount.
# Toolshed mounts it read-only at /usr/bin/toolbox, so Config.Cmd[0] is
# "toolbox" and a toolbox CLI installed later still accepts the container.
# It runs inside arbitrary images, hence plain sh (dash, busybox ash, bash).
# Log lines are logfmt on stdout (level=debug msg="..."), read back through
# `podman logs` by Toolshed and by the toolbox CLI.
# Update this file by rename, never in place: running shells read it lazily.

# Images whose default PATH lacks the sbin directories still need useradd & co.
PATH=${PATH:-/usr/bin:/bin}:/usr/local/sbin:/usr/sbin:/sbin
export PATH

NL='
'
# subst STRING FIND REPLACEMENT: replace every FIND, result in SUB (no forks).
subst() {
	SUB='' _s=$1
	while case $_s in *"$2"*) true ;; *) false ;; esac; do SUB=$SUB${_s%%"$2"*}$3 _s=${_s#*"$2"}; done
	SUB=$SUB$_s
}
log() {
	subst "$2" '\' '\\'; subst "$SUB" '"' '\"'; subst "$SUB" "$NL" '\n'
	printf 'level=%s msg="%s"\n' "$1" "$SUB"
}
debug() { log debug "$*"; }; info() { log info "$*"; }; warn() { log warning "$*"; }
die() { log error "$*"; exit 1; }
# try CMD...: run quietly, keeping its output in OUT for the error message.
try() { OUT=$("$@" 2>&1); }
# run CMD...: the same, but say what runs (Toolbx logs its useradd calls too).
run() { debug "Running $*"; try "$@"; }
# field FILE KEY COLUMN: is there a passwd/group line with KEY as its name
# (COLUMN 1) or ID (COLUMN 3)? Its name goes to FIELD. Reading the files works
# without getent, and they are what useradd/groupadd edit anyway.
field() {
	# "|| [ -n ... ]": a last line without a newline is still read
	while IFS=: read -r FIELD _p _i _rest || [ -n "$FIELD" ]; do
		if [ "$3" = 1 ]; then [ "$FIELD" = "$2" ] && return 0; else [ "$_i" = "$2" ] && return 0; fi
	done <"$1"
	FIELD=''; return 1
}

# --- Command line: toolbox [--log-level L] init-container --flag value ...
# Cobra, Toolbx's parser, takes --flag value, --flag=value, --bool=true|false.
sub='' gid='' home='' shell='' uid='' user='' home_link=false media_link=false mnt_link=false
while [ $# -gt 0 ]; do
	arg=$1; shift
	case $arg in
	--*=*) name=${arg%%=*} val=${arg#*=} has_val=true ;;
	*) name=$arg val='' has_val=false ;;
	esac
	case $name in
	--log-level|--gid|--home|--shell|--uid|--user)
		$has_val || { [ $# -gt 0 ] || die "flag needs an argument: $name"; val=$1; shift; }
		case $name in
		--gid) gid=$val ;; --home) home=$val ;; --shell) shell=$val ;;
		--uid) uid=$val ;; --user) user=$val ;;
		esac ;;
	# --monitor-host is a no-op, as in current Toolbx (0.0.99.3 gated the
	# /run/host steps on it; its CLI always passes it).
	--home-link|--media-link|--mnt-link|--monitor-host|--verbose|-v|--assumeyes|-y)
		$has_val || val=true
		case $val in true|false) ;; *) die "invalid argument \"$val\" for \"$name\" flag" ;; esac
		case $name in
		--home-link) home_link=$val ;; --media-link) media_link=$val ;; --mnt-link) mnt_link=$val ;;
		esac ;;
	-*) die "unknown flag: $arg" ;;
	*) [ -z "$sub" ] || die "unexpected argument \"$arg\" for \"$sub\""; sub=$arg ;;
	esac
done
[ "$sub" = init-container ] ||
	die "unknown command \"$sub\": Toolshed's /usr/bin/toolbox only implements init-container (install toolbox on the host for the rest)"
for f in home shell uid user; do eval "[ -n \"\$$f\" ]" || die "required flag \"$f\" not set"; done
[ -n "$gid" ] || gid=$uid   # as in Toolbx: the GID defaults to the UID
case $uid$gid in *[!0-9]*) die "invalid --uid \"$uid\" or --gid \"$gid\": not a number" ;; esac

# --- Check the image before changing anything, so a bad image fails fast with
# one clear line per missing piece (the container then stops).
missing=''
need() {
	command -v "$1" >/dev/null 2>&1 || { log error "this image lacks $1 (package $2): Toolbx containers need it"; missing=1; }
}
need capsh "libcap2-bin or libcap"   # `toolbox enter` starts every shell through capsh
need useradd "passwd or shadow-utils"; need usermod "passwd or shadow-utils"
need passwd passwd; need mount "mount or util-linux"; need sudo sudo
sudo_group=''
for g in sudo wheel; do field /etc/group "$g" 1 && { sudo_group=$g; break; }; done
[ -n "$sudo_group" ] ||
	{ log error "this image has neither a sudo nor a wheel group: Toolbx containers need one"; missing=1; }
[ -z "$missing" ] || exit 1

# --- 1. Mark the container as a Toolbx one (tools inside test these files).
[ -e /run/.containerenv ] || die "the 'init-container' command can only be used inside containers"
for f in /run/.toolboxenv /run/.toolbxenv; do
	debug "Creating $f"; try touch "$f" || die "failed to create $f: $OUT"
done
# Toolbx's test hooks: handy for testing a caller's wait and failure paths.
case ${TOOLBX_DELAY_ENTRY_POINT:-} in ''|*[!0-9]*) ;; *)
	debug "Adding a delay of ${TOOLBX_DELAY_ENTRY_POINT}s"; sleep "$TOOLBX_DELAY_ENTRY_POINT" ;;
esac
[ -z "${TOOLBX_FAIL_ENTRY_POINT:-}" ] || die "TOOLBX_FAIL_ENTRY_POINT is set"

# redirect PATH TARGET [dir]: replace PATH by a symlink to TARGET. A host link
# that is absolute and dangles in here (typically resolv.conf ->
# /run/systemd/resolve/stub-resolv.conf) is re-aimed below /run/host, as Toolbx does.
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

# /etc/timezone, for programs that read it rather than /etc/localtime: the zone
# name from the host's link (../usr/share/zoneinfo/Europe/Berlin -> Europe/Berlin).
update_timezone() {
	_lt=/run/host/etc/localtime
	_z=UTC
	[ -L "$_lt" ] || [ ! -e "$_lt" ] ||
		{ warn "The host's /etc/localtime is not a symbolic link: leaving /etc/timezone alone"; return; }
	[ ! -L "$_lt" ] || _z=$(readlink "$_lt")
	case $_z in UTC) ;; */zoneinfo/*) _z=${_z#*/zoneinfo/} ;;
	*) warn "/etc/localtime points to unknown location $_z"; return ;; esac
	debug "Writing /etc/timezone: $_z"
	{ rm -f /etc/timezone && printf '%s\n' "$_z" >/etc/timezone; } 2>/dev/null ||
		warn "Failed to write /etc/timezone"
}

# --- 2. Share the host's name resolution and clock settings.
if [ -d /run/host/etc ]; then
	debug "Path /run/host/etc exists"
	for f in host.conf hosts localtime resolv.conf; do
		src=/run/host/etc/$f
		[ -e "$src" ] || [ -L "$src" ] || { debug "$src not found: keeping the image's /etc/$f"; continue; }
		case $f in
		host.conf|hosts) [ -L "/etc/$f" ] && continue ;;
		*) [ "$(readlink "/etc/$f" 2>/dev/null)" = "$src" ] && continue ;;
		esac
		redirect "/etc/$f" "$src"
	done
	update_timezone
fi

# --- 3. Match hosts (Silverblue & co) where /media and /mnt are symlinks.
if $media_link && [ ! -L /media ]; then redirect /media /run/media dir; fi
if $mnt_link && [ ! -L /mnt ]; then redirect /mnt /var/mnt dir; fi

# --- 4. Bind host locations (journal, udev, /tmp, flatpak ...) into place.
# Like Toolbx, create the mount point when only the host has the path. A
# failed mount is only a warning: the container stays usable without it.
bind() {
	if [ -d "$2" ]; then debug "Creating directory $1"; try mkdir -p "$1"
	elif [ -f "$2" ]; then [ -e "$1" ] || { debug "Creating regular file $1"; try touch "$1"; }
	else return 0; fi   # absent on the host
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
# Hide the host's SELinux state: nothing in here is confined by it.
[ ! -e /sys/fs/selinux ] || bind /sys/fs/selinux /usr/share/empty

# --- 5. The host user, with the host's UID and GID, in the sudo group.
if $home_link; then redirect /home /var/home dir; fi
# Toolbx leaves the primary group to useradd; we pin it to the host's GID so
# files keep the same group on both sides (rootless keep-id already adds it).
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
		--uid "$uid" --gid "$gid" "$user" || die "failed to modify user $user with UID $uid: $OUT"
else
	debug "Adding user $user with UID $uid:"
	run useradd --groups "$sudo_group" --home-dir "$home" --no-create-home --shell "$shell" \
		--uid "$uid" --gid "$gid" "$user" || die "failed to add user $user with UID $uid: $OUT"
fi
set -- "$user"; [ "$user" = root ] || set -- "$user" root
for u; do debug "Removing password for user $u"; try passwd --delete "$u" || die "failed to remove password for user $u: $OUT"; done
# Toolbx leaves password-less sudo to the image (its Fedora and Arch images
# ship a NOPASSWD drop-in, Ubuntu's rely on pam nullok, which `sudo -n` does not
# honour), so add one unless the image has its own. Dotted names are skipped by
# sudo, hence the temporary name.
if [ -d /etc/sudoers.d ] && [ ! -e /etc/sudoers.d/toolbox ]; then
	debug "Allowing group $sudo_group to use sudo without a password"
	{ printf '# Written by Toolshed (Toolbx-compatible init-container)\n%%%s ALL=(ALL:ALL) NOPASSWD: ALL\n' \
		"$sudo_group" >/etc/sudoers.d/.toolbox.new && chmod 0440 /etc/sudoers.d/.toolbox.new &&
		mv -f /etc/sudoers.d/.toolbox.new /etc/sudoers.d/toolbox; } 2>/dev/null ||
		warn "Failed to write /etc/sudoers.d/toolbox: sudo may ask for a password"
fi

# --- 6. Kerberos through the host's KCM, and keep rpm off the bind mounts.
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
# --- 7. The host's CA certificates, through the p11-kit server Toolshed starts
# on the host before this container (as toolbox 0.1.2 and later do): point
# p11-kit's client module at it, and keep its address for sshd, su and sudo.
if [ "$uid" -eq 0 ]; then rdir=/run; else rdir=${XDG_RUNTIME_DIR:-/run/user/$uid}; fi
p11_socket=$rdir/toolbox/pkcs11
configure_pkcs11() {
	debug "Configuring PKCS #11 to read from the host"
	[ -d /etc/pkcs11/modules ] || { debug "Directory /etc/pkcs11/modules not found: skipping"; return 0; }
	_client=''
	for _c in /usr/lib64/pkcs11/p11-kit-client.so /usr/lib/pkcs11/p11-kit-client.so /usr/lib/*/pkcs11/p11-kit-client.so; do
		[ -e "$_c" ] && { _client=$_c; break; }
	done
	[ -n "$_client" ] || { debug "p11-kit-client.so not found: skipping"; return 0; }
	[ -S "$p11_socket" ] || { debug "Socket $p11_socket not found: skipping"; return 0; }
	# write FILE MODE LINE...: all at once, under a temporary name
	write() {
		_f=$1 _m=$2; shift 2
		printf '%s\n' '# Written by Toolshed (Toolbx-compatible init-container)' '' "$@" >"$_f.new" &&
			chmod "$_m" "$_f.new" && mv -f "$_f.new" "$_f"
	}
	write /etc/pkcs11/modules/p11-kit-trust.module 0644 'module: p11-kit-client.so' "server-address: unix:path=$p11_socket" ||
		die "failed to configure PKCS #11 to read from the host"
	if [ -d /etc/ssh/sshd_config.d ]; then
		debug "Configuring sshd(8) to set P11_KIT_SERVER_ADDRESS"
		write /etc/ssh/sshd_config.d/90-toolbx.conf 0644 "SetEnv P11_KIT_SERVER_ADDRESS=unix:path=$p11_socket" ||
			die "failed to configure sshd(8) to set P11_KIT_SERVER_ADDRESS"
	fi
	[ -d /etc/profile.d ] || die "failed to configure su(1) to set P11_KIT_SERVER_ADDRESS: /etc/profile.d not found"
	write /etc/profile.d/toolbx-pkcs11.sh 0644 "export P11_KIT_SERVER_ADDRESS=unix:path=$p11_socket" ||
		die "failed to configure su(1) to set P11_KIT_SERVER_ADDRESS"
	[ -d /etc/sudoers.d ] || die "failed to configure sudo(8) to set P11_KIT_SERVER_ADDRESS: /etc/sudoers.d not found"
	write /etc/sudoers.d/90-toolbx-pkcs11 0440 'Defaults env_keep += "P11_KIT_SERVER_ADDRESS"' ||
		die "failed to configure sudo(8) to set P11_KIT_SERVER_ADDRESS"
}
configure_pkcs11
debug "Finished initializing container"

# --- 8. Ready stamp. The CLI waits for <runtime dir>/toolbox/
# container-initialized-<State.Pid>; the runtime dir is /run for root, else
# $XDG_RUNTIME_DIR, bind-mounted so the host sees it. With --pid host this
# script is the container's first process, so $$ is State.Pid.
tdir=$rdir/toolbox
debug "Creating runtime directory $tdir"
OUT=$(umask 077 && mkdir -p "$tdir" 2>&1) || die "failed to create runtime directory $tdir: $OUT"
try chown "$uid:$gid" "$tdir" || die "failed to change ownership of the runtime directory $tdir: $OUT"
stamp=$tdir/container-initialized-$$
debug "Creating initialization stamp $stamp"
# Made under a temporary name and renamed, so it never shows up half-owned.
try touch "$tdir/.new-$$" || die "failed to create initialization stamp: $OUT"
try chown "$uid:$gid" "$tdir/.new-$$" || die "failed to change ownership of initialization stamp: $OUT"
try mv -f "$tdir/.new-$$" "$stamp" || die "failed to create initialization stamp: $OUT"
info "Container initialized for user $user (UID $uid, GID $gid)"

# --- 9. Idle until stopped, with no shell or child left around: exec sleep as
# this same PID (still State.Pid). SIGTERM's default action then ends it at once,
# so `podman stop` is quick. A `sleep & wait` loop would leave the sleep behind
# after a SIGKILL (`podman rm -f`) where podman cannot kill the whole container
# (rootless on cgroups v1, --pid host), keeping conmon alive too.
# Unlike Toolbx, no daily updatedb or time zone refresh afterwards.
# as Toolbx does at start; in a subshell, so sleep (which reaps no children) is not its parent
if command -v updatedb >/dev/null 2>&1; then (updatedb >/dev/null 2>&1 &); fi
debug "Waiting to sleep forever"
exec sleep 2147483647
