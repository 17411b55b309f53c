#!/bin/sh
# Builds tiny pacman packages (only a .PKGINFO) with bsdtar, installs the old
# ones into the local db (pacman -U --dbonly) and puts the new ones in a file://
# repository made with repo-add. For recording pacman -Qu output.
set -e
work=/tmp/pacbuild
rm -rf $work && mkdir -p $work /srv/pacrepo
mk() { # name version arch
  d=$work/$1-$2; mkdir -p $d
  cat > $d/.PKGINFO <<INFO
pkgname = $1
pkgbase = $1
pkgver = $2
pkgdesc = Toolshed recording dummy
url = https://example.invalid/
builddate = 1764633600
packager = Toolshed recording
size = 0
arch = $3
license = MIT
INFO
  (cd $d && bsdtar -czf $work/$1-$2-$3.pkg.tar.gz .PKGINFO)
}
mk tsh-hello 1.0-1 any;   mk tsh-hello 1.1-1 any
mk tsh-tool 2:3.0-1 x86_64; mk tsh-tool 2:3.1-2 x86_64
mk tsh-ignored 1.0-1 any; mk tsh-ignored 1.5-1 any
mk tsh-uptodate 1.0-1 any
mk tsh-a-rather-long-package-name-to-test-column-wrapping 1.0-1 any
mk tsh-a-rather-long-package-name-to-test-column-wrapping 1.0-2 any
cat > /etc/pacman.conf <<CONF
[options]
Architecture = auto
SigLevel = Never
LocalFileSigLevel = Never
IgnorePkg = tsh-ignored

[tshrec]
Server = file:///srv/pacrepo
CONF
cd $work
pacman -U --noconfirm --dbonly --noprogressbar tsh-hello-1.0-1-any.pkg.tar.gz tsh-tool-2:3.0-1-x86_64.pkg.tar.gz \
  tsh-ignored-1.0-1-any.pkg.tar.gz tsh-uptodate-1.0-1-any.pkg.tar.gz \
  tsh-a-rather-long-package-name-to-test-column-wrapping-1.0-1-any.pkg.tar.gz >/dev/null
cp tsh-hello-1.1-1-any.pkg.tar.gz tsh-tool-2:3.1-2-x86_64.pkg.tar.gz tsh-ignored-1.5-1-any.pkg.tar.gz \
  tsh-uptodate-1.0-1-any.pkg.tar.gz tsh-a-rather-long-package-name-to-test-column-wrapping-1.0-2-any.pkg.tar.gz /srv/pacrepo/
repo-add -q /srv/pacrepo/tshrec.db.tar.gz /srv/pacrepo/*.pkg.tar.gz
pacman -Q
