#!/bin/sh
# bin/@LAUNCHER@ of the DigitLab image: runs the image's own java on DigitLab, passing every argument on as
# it came. Written from src/main/jlink/launcher.sh and jlink.properties by `mvn -Pjlink package`, in place
# of jlink's stock launcher, which breaks when the image's path holds a space or when it is called through
# a symbolic link (say ~/bin/@LAUNCHER@ -> "/home/me/my apps/digitlab/bin/@LAUNCHER@").
#
# The image's bin folder is found from the name this script was called by: each symbolic link is followed,
# a relative one from the folder the link is in, until the real script; its folder holds the image's java.
# Plain POSIX sh; readlink is used without -f, which not every system has (macOS before 12.3, BusyBox).

self="$0"
hops=0
while [ -L "$self" ]; do
    hops=$((hops + 1))
    if [ "$hops" -gt 40 ]; then
        printf '%s: too many symbolic links from %s\n' "@LAUNCHER@" "$0" >&2
        exit 126
    fi
    # the x keeps newlines that end the link's target, which $(...) would drop
    target="$(readlink -- "$self" && printf x)" || exit 126
    target="${target%?x}"
    case "$target" in
        /*) self="$target" ;;
        *)
            case "$self" in
                */*) self="${self%/*}/$target" ;;
                *) self="./$target" ;;
            esac
            ;;
    esac
done
case "$self" in
    */*) bin="${self%/*}" ;;
    *) bin=. ;;
esac
java="$bin/java"
if [ ! -x "$java" ]; then
    printf '%s: no java beside the launcher at %s: it must stay in the bin folder of the DigitLab image\n' \
        "@LAUNCHER@" "$java" >&2
    exit 127
fi
# the classes DigitLab loads, archived when the image was built (class-data sharing): a command starts in
# about half the time. Without the archive (or with one the JVM cannot use) the JVM loads them as usual.
# The window's archive holds JavaFX's classes too; three times the size, it would slow the commands.
archive="$bin/../lib/@LAUNCHER@.jsa"
if [ $# -eq 0 ]; then
    archive="$bin/../lib/@LAUNCHER@-window.jsa"
fi
# the JVM options of jlink.properties (jlink.vmOptions), written here as sh words
if [ -r "$archive" ]; then
    exec "$java" @VM_OPTIONS@ "-XX:SharedArchiveFile=$archive" -Xshare:auto -m "@MAIN_MODULE@/@MAIN_CLASS@" "$@"
fi
exec "$java" @VM_OPTIONS@ -m "@MAIN_MODULE@/@MAIN_CLASS@" "$@"
