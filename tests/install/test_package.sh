#!/usr/bin/env bash
# ThreadMix installed as a desktop program (issue 18 item 10), checked from the outside:
#  1. `cpack -G DEB` builds the Debian package; its Depends are Debian packages known to dpkg,
#     the BLAS variants the binaries link among them; it holds the executables and desktop files.
#  2. The package is unpacked with `dpkg-deb -x` into a scratch root (no root rights, the system
#     is not touched) and `usr/bin/threadmix info` and a tiny run start from there: the parent
#     finds its installed workers and they find their BLAS variants through their RUNPATH.
#  3. `cmake --install BUILD --prefix SCRATCH` puts the files where the .desktop entry expects
#     them (Exec, Icon, MimeType), the entry and the MIME XML validate, and a real result file
#     is recognised by the MIME type's magic.
# Usage: test_package.sh BUILD_DIR [CMAKE] [CPACK]. A missing tool fails the test, naming it.
set -euo pipefail

build=$(cd "${1:?usage: test_package.sh BUILD_DIR [CMAKE] [CPACK]}" && pwd)
cmake=${2:-cmake}
cpack=${3:-cpack}
scratch=$build/install-test
checks=0

fail() {
    echo "test_package: FAIL: $*" >&2
    exit 1
}
ok() {
    checks=$((checks + 1))
    echo "ok: $*"
}
need() {
    command -v "$1" >/dev/null 2>&1 ||
        fail "$1 is not installed (Debian package $2; scripts/bootstrap installs it)"
}
need "$cmake" cmake
need "$cpack" cmake
need dpkg-deb dpkg
need dpkg-query dpkg
need dpkg-shlibdeps dpkg-dev
need readelf binutils
need desktop-file-validate desktop-file-utils
need update-mime-database shared-mime-info

rm -rf "$scratch"
mkdir -p "$scratch"
# Nothing the installed program writes goes to the home directory.
export XDG_CACHE_HOME=$scratch/xdg-cache XDG_STATE_HOME=$scratch/xdg-state
export XDG_CONFIG_HOME=$scratch/xdg-config
unset DISPLAY WAYLAND_DISPLAY

# ---- 1. The Debian package ----
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1 ||
    fail "cpack -G DEB failed:$(echo; tail -20 "$scratch/cpack.log")"
debs=("$scratch"/pkg/threadmix_*.deb)
[ -f "${debs[0]}" ] || fail "cpack made no threadmix_*.deb in $scratch/pkg: $(ls "$scratch/pkg")"
deb=${debs[0]}
ok "cpack -G DEB made $(basename "$deb")"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = threadmix ] || fail "Package is '$(field Package)', not threadmix"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] && [ "$(field Version)" = "$version" ] ||
    fail "Version is '$(field Version)', the project's is '$version'"
for f in Maintainer Section Description; do
    [ -n "$(field "$f")" ] || fail "the package has no $f"
done
depends=$(field Depends)
[ -n "$depends" ] || fail "the package has no Depends (was dpkg-shlibdeps run?)"
# Every dependency is a Debian package: installed here (this system built the binaries), or one
# that an installed library's shlibs file names (libopenblas0: any OpenBLAS variant).
debian_names=$(cat /var/lib/dpkg/info/*.shlibs 2>/dev/null |
    awk '!/^#/ { for (i = 3; i <= NF; i++) print $i }' | tr -d '|' | grep -v '^(' || true)
for dep in $(echo "$depends" | tr ',|' '\n\n' | sed 's/(.*)//; s/ //g'); do
    dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" ||
        echo "$debian_names" | grep -qx -- "$dep" ||
        fail "dependency '$dep' is neither an installed Debian package nor one named by an" \
            "installed library's shlibs (Depends: $depends)"
done
for dep in libblis4-openmp libopenblas0-pthread; do
    echo "$depends" | tr ',' '\n' | grep -Eq "^ *$dep( |$)" ||
        fail "Depends lacks $dep, the variant the workers link (Depends: $depends)"
done
ok "Depends: $depends"

listing=$(dpkg-deb -c "$deb")
for path in usr/bin/threadmix usr/bin/threadmix-worker usr/bin/threadmix-worker-openblas \
    usr/share/applications/threadmix.desktop usr/share/mime/packages/threadmix.xml \
    usr/share/icons/hicolor/scalable/apps/threadmix.svg; do
    echo "$listing" | grep -Eq " \./$path\$" || fail "the package lacks /$path"
done
ok "the package holds the executables, the desktop entry, the MIME type and the icon"

# ---- 2. Started from the unpacked package ----
root=$scratch/root
dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin
for exe in threadmix-worker threadmix-worker-openblas; do
    runpath=$(readelf -d "$bin/$exe" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
    case $exe in
    threadmix-worker) want=blis- ;;
    *) want=openblas- ;;
    esac
    echo "$runpath" | grep -q "/$want" ||
        fail "$exe has no RUNPATH to a $want* folder (RUNPATH: '$runpath')"
    # An empty entry would make the loader search the current directory.
    ! echo ":$runpath:" | grep -q '::' || fail "$exe's RUNPATH has an empty entry: '$runpath'"
done
ok "the packaged workers keep their RUNPATH to the BLAS variant folders, with no empty entry"

info_rc=0
"$bin/threadmix" info >"$scratch/info.txt" 2>&1 || info_rc=$?
[ "$info_rc" -eq 0 ] || fail "$bin/threadmix info exited $info_rc:$(echo; cat "$scratch/info.txt")"
# The machine (CPU, logical CPUs) and each linked library as its installed worker describes it.
for want in '^CPU +[^ ]' '^Logical CPUs +[0-9]' 'blis-openmp .*BLIS [0-9]' \
    'openblas-pthreads .*OpenBLAS [0-9]'; do
    grep -Eq -- "$want" "$scratch/info.txt" ||
        fail "threadmix info has no line matching '$want':$(echo; cat "$scratch/info.txt")"
done
! grep -q "not found beside" "$scratch/info.txt" ||
    fail "threadmix info did not find its installed workers:$(echo; cat "$scratch/info.txt")"
ok "$bin/threadmix info exits 0 and names the CPU, BLIS and OpenBLAS (from their workers)"

# One repetition on each linked library: both installed workers start and measure.
result=$scratch/result.json
run_rc=0
"$bin/threadmix" run --count 2 --size 32 --repeats 1 --warmup 0 --no-progress \
    --blas-library blis-openmp,openblas-pthreads --json "$result" >"$scratch/run.txt" 2>&1 ||
    run_rc=$?
[ "$run_rc" -eq 0 ] ||
    fail "the packaged threadmix run exited $run_rc:$(echo; cat "$scratch/run.txt")"
oks=$(grep -c '"status": "ok"' "$result" || true)
[ "$oks" -eq 2 ] ||
    fail "the packaged run measured $oks of 2 libraries:$(echo; cat "$scratch/run.txt")"
ok "a tiny run from the package measured BLIS and OpenBLAS in the installed workers"

# ---- 3. cmake --install, and the desktop entry's view of it ----
prefix=$scratch/prefix
"$cmake" --install "$build" --prefix "$prefix" >"$scratch/install.log" 2>&1 ||
    fail "cmake --install failed:$(echo; tail -20 "$scratch/install.log")"
desktop=$prefix/share/applications/threadmix.desktop
mimexml=$prefix/share/mime/packages/threadmix.xml
[ -f "$desktop" ] || fail "cmake --install put no $desktop"
[ -f "$mimexml" ] || fail "cmake --install put no $mimexml"
desktop-file-validate "$desktop" >"$scratch/validate.txt" 2>&1 ||
    fail "desktop-file-validate rejects the entry:$(echo; cat "$scratch/validate.txt")"
key() { sed -n "s/^$1=//p" "$desktop"; }
exec_line=$(key Exec)
program=${exec_line%% *}
[ -x "$prefix/bin/$program" ] || fail "Exec=$exec_line: no $prefix/bin/$program"
case " $exec_line " in
*" %f "* | *" %F "* | *" %u "* | *" %U "*) ;;
*) fail "Exec=$exec_line passes no file, so a result file cannot be opened with it" ;;
esac
for exe in threadmix-worker threadmix-worker-openblas; do
    [ -x "$prefix/bin/$exe" ] || fail "no $prefix/bin/$exe beside $program"
    readelf -d "$prefix/bin/$exe" | grep -q 'RUNPATH.*/usr/lib/' ||
        fail "cmake --install dropped the RUNPATH of $exe"
done
icon=$(key Icon)
[ -f "$prefix/share/icons/hicolor/scalable/apps/$icon.svg" ] ||
    fail "Icon=$icon: no share/icons/hicolor/scalable/apps/$icon.svg"
mimetypes=$(key MimeType)
[ -n "$mimetypes" ] || fail "the desktop entry names no MimeType"
for type in ${mimetypes//;/ }; do
    grep -q "<mime-type type=\"$type\">" "$mimexml" ||
        fail "MimeType $type is not declared in $mimexml"
done
ok "Exec, Icon and MimeType of the installed entry point at installed files"

update-mime-database "$prefix/share/mime" >"$scratch/mime.log" 2>&1 ||
    fail "update-mime-database rejects $mimexml:$(echo; cat "$scratch/mime.log")"
grep -q "application/x-threadmix-result" "$prefix/share/mime/types" ||
    fail "update-mime-database did not register application/x-threadmix-result"
# The magic (threadmix.xml) expects the writer's opening: '{', newline, ' "kind": ', its value,
# then ',', newline, ' "machine": {' within the first 60 bytes. Check a real file has it.
opening=$(head -c 60 "$result" | tr '\n' '~')
echo "$opening" | grep -Eq '^\{~ "kind": [^~]*,~ "machine": \{' ||
    fail "a result file no longer opens as the MIME magic expects: '$opening'"
if command -v gio >/dev/null 2>&1; then
    cp "$result" "$scratch/any-name.json"
    type=$(XDG_DATA_DIRS="$prefix/share:/usr/share" gio info -a standard::content-type \
        "$scratch/any-name.json" | sed -n 's/.*content-type: //p')
    [ "$type" = application/x-threadmix-result ] ||
        fail "GLib sees a result file as '$type', not application/x-threadmix-result"
    ok "the MIME database recognises a result file named *.json by its content (gio)"
else
    ok "a result file opens as the MIME magic expects (gio, libglib2.0-bin, not installed)"
fi

# The copies are large (unstripped binaries); on success keep only the package and the logs.
rm -rf "$prefix" "$root" "$scratch/pkg/_CPack_Packages"
echo "test_package: all $checks checks passed"
