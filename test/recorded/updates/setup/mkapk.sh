#!/bin/sh
# Makes tiny apk v3 packages (no files) with `apk mkpkg`, installs the old ones
# from one local index and points /etc/apk/repositories at an index of the new
# ones (`apk mkndx`). For recording `apk update` / `apk list -u` output.
set -e
old=/srv/apkold new=/srv/apkrepo
rm -rf $old $new && mkdir -p $old $new /etc/apk
echo allow-untrusted > /etc/apk/config
mk() { # dir name version arch license
  apk mkpkg -I "name:$2" -I "version:$3" -I "arch:$4" -I "license:$5" -I "origin:$2" \
    -I "description:Toolshed recording dummy" -o "$1/$2-$3.apk"
}
mk $old tsh-hello 1.0-r0 noarch MIT
mk $old tsh-tool 3.0-r1 x86_64 MIT
mk $old tsh-spdx 1.0-r0 noarch 'GPL-2.0-or-later AND (MIT OR X11)'
mk $old tsh-uptodate 1.0-r0 noarch MIT
mk $new tsh-hello 1.1-r0 noarch MIT
mk $new tsh-tool 3.1_p1-r2 x86_64 MIT
mk $new tsh-spdx 1.0-r1 noarch 'GPL-2.0-or-later AND (MIT OR X11)'
mk $new tsh-uptodate 1.0-r0 noarch MIT
apk mkndx -d "toolshed old" -o $old/Packages.adb $old/*.apk
apk mkndx -d "toolshed recording" -o $new/Packages.adb $new/*.apk
apk add --initdb --no-interactive --repositories-file /dev/null --repository $old/Packages.adb tsh-hello tsh-tool tsh-spdx tsh-uptodate
echo "$new/Packages.adb" > /etc/apk/repositories
apk info -v
