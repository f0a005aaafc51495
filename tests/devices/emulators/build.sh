#!/usr/bin/env bash
# Builds the real Trezor One, Coldcard and KeepKey firmware emulators from their vendors'
# sources, as HWI's test/setup_environment.sh does, but from already-fetched bare git
# directories (no network: CI and these machines cannot clone).
#
#   tests/devices/emulators/build.sh [trezor] [coldcard] [keepkey]
#
# MIRRORS: where the bare repositories are, one per repository, named OWNER+NAME/repo
#          (what the search tool's `fetch` leaves; default /work/.mirror).
# EMU:     the build directory, outside the repository (default /work/emu). Results:
#          $EMU/trezor-firmware/legacy/firmware/trezor.elf, $EMU/coldcard/unix/ (simulator.py),
#          $EMU/keepkey-firmware/bin/kkemu. tests/devices/emulators.py looks there.
# HWI:     the bare HWI repository whose test/data patches are applied (default: in MIRRORS).
# Needs the Debian packages listed in docs/devices.md (gcc-12, protobuf-compiler, libsdl2-dev,
# autoconf, automake, libtool, cmake) and python3 with venv; Python packages come from PyPI.
set -euo pipefail

MIRRORS=${MIRRORS:-/work/.mirror}
EMU=${EMU:-/work/emu}
HWI=${HWI:-$MIRRORS/bitcoin-core+HWI/repo}
HWI_REF=${HWI_REF:-3.2.0}
TREZOR_REF=core/v2.9.6
COLDCARD_REF=2025-09-30T1238-v5.4.4
KEEPKEY_REF=742a7d62  # v7.9.3: v7.10.0's crypto submodule commit is in no fetchable repository

mirror() { echo "$MIRRORS/${1/\//+}/repo"; }

# extract OWNER/NAME REF DEST [PATHSPEC...]: the tree at REF (only the named paths; paths
# written :(exclude)PATH are left out: files a snapshot lacks)
extract() {
    local repo ref=$2 dest=$3 specs=()
    repo=$(mirror "$1")
    shift 3
    specs=("$@")
    if [[ ${#specs[@]} -eq 0 || ${specs[0]} == ":(exclude)"* ]]; then specs=(. "${specs[@]}"); fi
    mkdir -p "$dest"
    git --git-dir="$repo" archive --format=tar "$ref^{commit}" -- "${specs[@]}" | tar -x -C "$dest"
}

# submodule SUPER_REPO SUPER_REF SUPER_DIR PATH OWNER/NAME [PATHSPEC...]: PATH at the commit
# SUPER records
submodule() {
    local commit
    commit=$(git --git-dir="$(mirror "$1")" ls-tree "$2^{commit}" -- "$4" | awk '{print $3}')
    [[ -n $commit ]] || { echo "no submodule $4 in $1 at $2" >&2; exit 1; }
    rm -rf "${3:?}/$4"
    extract "$5" "$commit" "$3/$4" "${@:6}"
}

nested() {  # nested OWNER/NAME(parent) PARENT_DIR SUB_PATH OWNER/NAME(child) RECORD_REPO RECORD_REF
    local commit
    commit=$(git --git-dir="$(mirror "$5")" ls-tree "$6^{commit}" -- "$3" | awk '{print $3}')
    [[ -n $commit ]] || { echo "no submodule $3 in $5" >&2; exit 1; }
    rm -rf "${2:?}/$3"
    extract "$4" "$commit" "$2/$3"
}

hwi_patch() { git --git-dir="$HWI" show "$HWI_REF:test/data/$1"; }

venv() {  # venv NAME PACKAGES...: a build venv under $EMU, its bin on PATH
    local dir=$EMU/venv-$1
    shift
    [[ -x $dir/bin/python ]] || python3 -m venv "$dir"
    "$dir/bin/pip" install -q "$@"
    export PATH="$dir/bin:$PATH"
}

build_trezor() {
    local src=$EMU/trezor-firmware r=trezor/trezor-firmware
    rm -rf "$src"
    extract $r $TREZOR_REF "$src" ":(exclude)ci/hardware_tests/tpmb/demo.gif" \
        ":(exclude)tests/ui_tests/fixtures.json"
    submodule $r $TREZOR_REF "$src" vendor/nanopb nanopb/nanopb
    submodule $r $TREZOR_REF "$src" vendor/QR-Code-generator nayuki/QR-Code-generator
    submodule $r $TREZOR_REF "$src" vendor/secp256k1-zkp bitcoin-core/secp256k1
    submodule $r $TREZOR_REF "$src" vendor/libopencm3 libopencm3/libopencm3
    (
        venv trezor nanopb==0.4.9.1 protobuf "mako>=1.0.7,<2" "munch>=4,<5" "click>=8,<9" termcolor
        cd "$src/legacy"
        EMULATOR=1 TREZOR_TRANSPORT_V1=1 DEBUG_LINK=1 HEADLESS=1 CC=gcc-12 bash script/cibuild
    )
    test -x "$src/legacy/firmware/trezor.elf"
    echo "built $src/legacy/firmware/trezor.elf"
}

build_coldcard() {
    local src=$EMU/coldcard r=Coldcard/firmware
    rm -rf "$src"
    extract $r $COLDCARD_REF "$src" ":(exclude)graphics/fonts/iosevka-heavy.ttf" \
        ":(exclude)misc/q1font/iosevka-extrabold.ttf"
    submodule $r $COLDCARD_REF "$src" external/micropython Coldcard/micropython
    submodule $r $COLDCARD_REF "$src" external/libngu switck/libngu
    submodule $r $COLDCARD_REF "$src" external/ckcc-protocol Coldcard/ckcc-protocol
    submodule $r $COLDCARD_REF "$src" external/mpy-qr coinkite/mpy-qr
    local mpy ngu
    mpy=$(git --git-dir="$(mirror $r)" ls-tree "$COLDCARD_REF^{commit}" external/micropython | awk '{print $3}')
    ngu=$(git --git-dir="$(mirror $r)" ls-tree "$COLDCARD_REF^{commit}" external/libngu | awk '{print $3}')
    nested - "$src/external/micropython" lib/berkeley-db-1.xx pfalcon/berkeley-db-1.xx Coldcard/micropython "$mpy"
    nested - "$src/external/libngu" libs/secp256k1 bitcoin-core/secp256k1 switck/libngu "$ngu"
    nested - "$src/external/libngu" libs/cifra ctz/cifra switck/libngu "$ngu"
    nested - "$src/external/libngu" libs/bech32 sipa/bech32 switck/libngu "$ngu"
    (cd "$src" && hwi_patch coldcard-multisig.patch | patch -p1 -s) || echo "multisig fixtures not applied (optional)"
    (cd "$src/external/libngu/libs/bech32" && patch -p1 -s < ../../bech32.patch)
    (
        venv coldcard PySDL2 Pillow
        make -C "$src/external/micropython/mpy-cross" -j2
        cd "$src/external/libngu/libs/secp256k1"
        ./autogen.sh >/dev/null
        ./configure -q --with-ecmult-window=2 --with-ecmult-gen-kb=2 --enable-module-recovery
        make precomp
        cd "$src/unix"
        ln -sfn ../external/micropython/ports/unix l-port
        ln -sfn ../external/micropython l-mpy
        ln -sfn ../external/micropython/ports/unix/coldcard-mpy coldcard-mpy
        make
    )
    test -e "$src/unix/coldcard-mpy"
    echo "built $src/unix (run: python simulator.py --headless)"
}

build_keepkey() {
    local src=$EMU/keepkey-firmware r=keepkey/keepkey-firmware
    rm -rf "$src"
    extract $r $KEEPKEY_REF "$src"
    submodule $r $KEEPKEY_REF "$src" deps/crypto/trezor-firmware keepkey/trezor-firmware \
        crypto common
    submodule $r $KEEPKEY_REF "$src" deps/device-protocol keepkey/device-protocol
    submodule $r $KEEPKEY_REF "$src" deps/python-keepkey keepkey/python-keepkey
    submodule $r $KEEPKEY_REF "$src" deps/googletest google/googletest
    submodule $r $KEEPKEY_REF "$src" deps/qrenc/QR-Code-generator keepkey/QR-Code-generator
    submodule $r $KEEPKEY_REF "$src" deps/sca-hardening/SecAESSTM32 keepkey/SecAESSTM32
    submodule $r $KEEPKEY_REF "$src" code-signing-keys keepkey/code-signing-keys
    rm -rf "$src/nanopb"
    extract nanopb/nanopb nanopb-0.3.9.4 "$src/nanopb"
    (cd "$src" && hwi_patch keepkey-build.patch | patch -p1 -s)
    (cd "$src/deps/googletest" && hwi_patch keepkey-googletest.patch | patch -p1 -s)
    (cd "$src/nanopb" && hwi_patch nanopb-deprecated-mode.patch | patch -p1 -s)
    (
        venv keepkey protobuf==4.21.12 requests
        make -C "$src/nanopb/generator/proto"
        cd "$src"
        export PATH="$src/nanopb/generator:$PATH"
        cmake -C cmake/caches/emulator.cmake . -DNANOPB_DIR=nanopb/ -DPROTOC_BINARY=/usr/bin/protoc
        make -j2
    )
    test -x "$src/bin/kkemu"
    echo "built $src/bin/kkemu"
}

mkdir -p "$EMU"
for family in "${@:-trezor coldcard keepkey}"; do
    for f in $family; do "build_$f"; done
done
