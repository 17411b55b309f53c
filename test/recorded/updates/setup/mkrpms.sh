#!/bin/sh
# Inside a Debian container with rpm, createrepo-c and dnf (or dnf5, or zypper)
# installed: builds tiny RPMs with no files, installs the old versions into the
# rpm database and puts the new ones in a file:// repository, tshrec. For
# recording `dnf check-update` and `zypper list-updates` (see ../README.md).
#
#   sh mkrpms.sh [--suite]    --suite: also tsh-suite/tsh-legacy (dnf5 recordings only)
set -e
top=/tmp/rpmbuild
mkdir -p $top/SPECS /srv/rpmrepo

mk() { # name epoch version release arch [extra spec header lines]
  spec=$top/SPECS/$1-$3-$4.spec
  {
    echo "Name: $1"
    [ "$2" != 0 ] && echo "Epoch: $2"
    echo "Version: $3"
    echo "Release: $4"
    echo "Summary: Toolshed recording dummy"
    echo "License: MIT"
    echo "BuildArch: $5"
    [ -n "$6" ] && printf '%b\n' "$6"
    echo "%description"
    echo "Dummy package for recording package manager output."
    echo "%files"
  } >"$spec"
  rpmbuild --define "_topdir $top" --define "_build_id_links none" --nodeps -bb "$spec" >/dev/null 2>&1
}

LONG=tsh-a-rather-long-package-name-to-test-column-wrapping
# installed versions
mk tsh-hello 0 1.0 1 noarch
mk tsh-tool 2 3.0 1 x86_64
mk tsh-oldname 0 1.0 1 noarch
mk tsh-uptodate 0 1.0 1 noarch
mk $LONG 0 1.0 1 noarch
mk tsh-blocked 0 1.0 1 noarch
# versions in the repository
mk tsh-hello 0 1.1 1 noarch
mk tsh-tool 2 3.1 2 x86_64
mk tsh-newname 0 2.0 1 noarch 'Obsoletes: tsh-oldname < 2\nProvides: tsh-oldname = 2.0'
mk $LONG 0 1.0 2 noarch
mk tsh-blocked 0 1.1 1 noarch 'Requires: tsh-missing-dependency'   # cannot be installed

R=$top/RPMS
old="$R/noarch/tsh-hello-1.0-1.noarch.rpm $R/x86_64/tsh-tool-3.0-1.x86_64.rpm $R/noarch/tsh-oldname-1.0-1.noarch.rpm
  $R/noarch/tsh-uptodate-1.0-1.noarch.rpm $R/noarch/$LONG-1.0-1.noarch.rpm $R/noarch/tsh-blocked-1.0-1.noarch.rpm"
new="$R/noarch/tsh-hello-1.1-1.noarch.rpm $R/x86_64/tsh-tool-3.1-2.x86_64.rpm $R/noarch/tsh-newname-2.0-1.noarch.rpm
  $R/noarch/tsh-uptodate-1.0-1.noarch.rpm $R/noarch/$LONG-1.0-2.noarch.rpm $R/noarch/tsh-blocked-1.1-1.noarch.rpm"

if [ "$1" = --suite ]; then
  mk tsh-suite 0 1.0 1 noarch
  mk tsh-legacy 0 1.0 1 noarch
  mk tsh-suite 0 2.0 1 noarch 'Obsoletes: tsh-legacy < 2'   # an upgrade that obsoletes another package
  old="$old $R/noarch/tsh-suite-1.0-1.noarch.rpm $R/noarch/tsh-legacy-1.0-1.noarch.rpm"
  new="$new $R/noarch/tsh-suite-2.0-1.noarch.rpm"
fi

# shellcheck disable=SC2086
rpm -i --nodeps $old 2>/dev/null
# Debian's rpm 4.18 keeps root's database in ~/.rpmdb (%_dbpath), where dnf
# looks; libzypp reads /var/lib/rpm, so the packages go there too.
if [ "$(rpm --eval %_dbpath)" != /var/lib/rpm ]; then
  # shellcheck disable=SC2086
  rpm --dbpath /var/lib/rpm -i --nodeps $old 2>/dev/null
fi
# shellcheck disable=SC2086
cp $new /srv/rpmrepo/
createrepo_c -q /srv/rpmrepo
mkdir -p /etc/yum.repos.d
printf '[tshrec]\nname=Toolshed recording repository\nbaseurl=file:///srv/rpmrepo\ngpgcheck=0\nenabled=1\n' >/etc/yum.repos.d/tshrec.repo
if command -v zypper >/dev/null; then zypper --non-interactive ar -G file:///srv/rpmrepo tshrec >/dev/null; fi
rpm -qa | sort
