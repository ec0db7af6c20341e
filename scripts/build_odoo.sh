#!/usr/bin/env bash
# Builds (or reuses) a private Odoo 18.0 for this checkout: a virtualenv under .odoo/ with
# Odoo's requirements and Odoo itself installed as a distribution (`pip install -e`), so
# that OCA `odoo-addon-*` wheels can be installed into the same venv.
#
#   ./scripts/build_odoo.sh           build when needed, then print the odoo command's path
#   ./scripts/build_odoo.sh --check   exit 0 when a complete build matching the source exists
#
# Where the source comes from:
#   ODOO_SRC      a directory holding Odoo's source (odoo-bin, setup.py, requirements.txt),
#                 or a .tar.xz / .tar.gz / .tgz / .zip archive of it;
#   unset         an existing complete build is reused whatever its source; when there is
#                 none, the official Odoo 18.0 Community nightly source archive is
#                 downloaded from $ODOO_SRC_URL (default below) into .odoo/download/.
# Other settings:
#   CCHC_ODOO_HOME     where the build lives (default: <repository>/.odoo, ignored by git)
#   CCHC_ODOO_PYTHON   interpreter for the venv (default: python3.11, else python3; Odoo 18
#                      supports 3.10 to 3.12)
#   CCHC_ODOO_REBUILD  1: rebuild even when the existing build matches
#
# The build is recorded as complete only after every step succeeded (a stamp file written
# last); a half-built venv is never reused. The stamp holds the source's identity (archive
# checksum, or directory path + requirements) and the requirements' checksum: when either
# changes, the next call rebuilds.
# Progress goes to stderr; on success the last line on stdout is the path of `odoo`.

set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPTS_DIR/.." && pwd)"
HOME_DIR="${CCHC_ODOO_HOME:-$REPO_ROOT/.odoo}"
VENV="$HOME_DIR/venv"
STAMP="$VENV/.cchc-build-stamp"
DEFAULT_URL="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
SRC_URL="${ODOO_SRC_URL:-$DEFAULT_URL}"
CCHC_TEST_PACKAGES="websocket-client aiosmtpd"

say() { printf '[%s] build_odoo: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    printf 'build_odoo: %s\n' "$*" >&2
    exit 1
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# The identity of the requested source, without unpacking or downloading anything.
source_identity() {
    if [[ -z "${ODOO_SRC:-}" ]]; then
        printf 'url %s' "$SRC_URL"
    elif [[ -d "$ODOO_SRC" ]]; then
        local dir req
        dir="$(cd "$ODOO_SRC" && pwd)"
        req="$(cat "$dir/requirements.txt" "$dir/setup.py" 2>/dev/null | sha256sum | cut -d' ' -f1)"
        printf 'dir %s %s' "$dir" "$req"
    elif [[ -f "$ODOO_SRC" ]]; then
        printf 'archive %s' "$(sha256_of "$ODOO_SRC")"
    else
        return 1
    fi
}

stamp_matches() {
    [[ -f "$STAMP" && -x "$VENV/bin/odoo" ]] || return 1
    # Without ODOO_SRC, a complete build from any source is reused (the demo after the tests).
    if [[ -n "${ODOO_SRC:-}" ]]; then
        local want
        want="$(source_identity)" || return 1
        [[ "$(sed -n 's/^source=//p' "$STAMP")" == "$want" ]] || return 1
    fi
    # Requirements of the built source, as they were when built (a directory source edited in
    # place changes its identity above).
    local src req
    src="$(sed -n 's/^tree=//p' "$STAMP")"
    [[ -f "$src/requirements.txt" ]] || return 1
    req="$(sha256_of "$src/requirements.txt")"
    [[ "$(sed -n 's/^requirements=//p' "$STAMP")" == "$req" ]] || return 1
    [[ "$(sed -n 's/^test_packages=//p' "$STAMP")" == "$CCHC_TEST_PACKAGES" ]] || return 1
    "$VENV/bin/odoo" --version >/dev/null 2>&1
}

if [[ "${1:-}" == --check ]]; then
    stamp_matches
    exit
fi

if [[ "${CCHC_ODOO_REBUILD:-0}" != 1 ]] && stamp_matches; then
    printf '%s\n' "$VENV/bin/odoo"
    exit 0
fi

# ---------------------------------------------------------------------------
# 1. the source tree
# ---------------------------------------------------------------------------
mkdir -p "$HOME_DIR"
identity=""
tree=""
unpack() { # archive destination
    local archive="$1" dest="$2"
    rm -rf "$dest.tmp" "$dest"
    mkdir -p "$dest.tmp"
    say "unpacking $archive"
    case "$archive" in
        *.tar.xz | *.txz) tar -xJf "$archive" -C "$dest.tmp" ;;
        *.tar.gz | *.tgz) tar -xzf "$archive" -C "$dest.tmp" ;;
        *.zip) python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
            "$archive" "$dest.tmp" ;;
        *) die "unknown archive type: $archive (expected .tar.xz, .tar.gz, .tgz or .zip)" ;;
    esac
    mv "$dest.tmp" "$dest"
}
find_tree() { # folder -> the folder holding odoo-bin and setup.py (top or one level down)
    local d
    for d in "$1" "$1"/*/; do
        d="${d%/}"
        if [[ -f "$d/odoo-bin" && -f "$d/setup.py" && -f "$d/requirements.txt" ]]; then
            printf '%s' "$d"
            return 0
        fi
    done
    return 1
}

if [[ -z "${ODOO_SRC:-}" ]]; then
    archive="$HOME_DIR/download/odoo_18.0.tar.gz"
    mkdir -p "$HOME_DIR/download"
    if [[ ! -s "$archive" ]]; then
        command -v curl >/dev/null 2>&1 || die "no Odoo source: ODOO_SRC is unset and curl is missing to download $SRC_URL"
        say "downloading the Odoo 18.0 source from $SRC_URL"
        if ! curl -fsSL --connect-timeout 20 --retry 2 -o "$archive.part" "$SRC_URL"; then
            rm -f "$archive.part"
            die "no Odoo source: ODOO_SRC is unset and $SRC_URL could not be downloaded"
        fi
        mv "$archive.part" "$archive"
    fi
    identity="url $SRC_URL"
    unpack "$archive" "$HOME_DIR/src"
    tree="$(find_tree "$HOME_DIR/src")" || die "$SRC_URL holds no Odoo source (no odoo-bin/setup.py)"
elif [[ -d "$ODOO_SRC" ]]; then
    tree="$(find_tree "$(cd "$ODOO_SRC" && pwd)")" ||
        die "ODOO_SRC=$ODOO_SRC holds no Odoo source (no odoo-bin, setup.py and requirements.txt)"
    identity="$(source_identity)"
elif [[ -f "$ODOO_SRC" ]]; then
    identity="$(source_identity)"
    unpack "$ODOO_SRC" "$HOME_DIR/src"
    tree="$(find_tree "$HOME_DIR/src")" || die "ODOO_SRC=$ODOO_SRC holds no Odoo source"
else
    die "ODOO_SRC=$ODOO_SRC is neither a directory nor an archive"
fi
release="$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\).*/\1.\2/p" "$tree/odoo/release.py")"
[[ "$release" == 18.0 ]] || die "the source in $tree is Odoo ${release:-?}, not 18.0"

# ---------------------------------------------------------------------------
# 2. the venv
# ---------------------------------------------------------------------------
python="${CCHC_ODOO_PYTHON:-}"
if [[ -z "$python" ]]; then
    python="$(command -v python3.11 || command -v python3)" || die "no python3 found"
fi
"$python" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' ||
    die "$python is not Python 3.10-3.12 (Odoo 18's range); set CCHC_ODOO_PYTHON"
"$python" -c 'import venv, ensurepip' 2>/dev/null ||
    die "$python cannot create a venv (Debian: apt-get install python3-venv)"

say "creating the venv $VENV with $("$python" --version 2>&1)"
rm -rf "$VENV"
"$python" -m venv "$VENV"
PIP_LOG="$HOME_DIR/pip.log"
: >"$PIP_LOG"
pip_install() { # pip install ARGS..., output to $PIP_LOG, its tail shown on failure
    if ! "$VENV/bin/python" -m pip --disable-pip-version-check install "$@" >>"$PIP_LOG" 2>&1; then
        grep -v "^WARNING: Location" "$PIP_LOG" | tail -n 25 >&2
        return 1
    fi
}

# Several pinned requirements build from source with setup.py idioms that setuptools 70
# removed: cap setuptools in their isolated build environments (pip passes PIP_CONSTRAINT on).
constraints="$HOME_DIR/build-constraints.txt"
printf 'setuptools<70\n' >"$constraints"
export PIP_CONSTRAINT="$constraints"

requirements="$HOME_DIR/requirements.txt"
cp "$tree/requirements.txt" "$requirements"
if ! { [[ -f /usr/include/ldap.h ]] && [[ -f /usr/include/sasl/sasl.h ]]; }; then
    # python-ldap compiles against OpenLDAP and SASL headers (Debian: libldap2-dev,
    # libsasl2-dev); only Odoo's auth_ldap addon uses it.
    say "note: LDAP/SASL headers missing: python-ldap left out (auth_ldap will not work)"
    sed -i '/^python-ldap/d' "$requirements"
fi
say "installing Odoo's requirements (first time: several minutes)"
pip_install "setuptools<70" wheel || die "pip install setuptools wheel failed"
pip_install -r "$requirements" || die "pip install -r $tree/requirements.txt failed"
# gevent (Odoo's websocket / longpolling process of a multi-worker server) checks its entry
# points with pkg_resources, which does not find zope.interface 7+ and zope.event 5+ (their
# distributions are named zope_interface / zope_event): keep the last releases it finds.
pip_install "zope.interface<7" "zope.event<5" || die "pip install zope.interface zope.event failed"
say "installing Odoo itself from $tree (pip install -e)"
pip_install --no-deps --use-pep517 -e "$tree" || die "pip install -e $tree failed"
# What the addon's tests need besides Odoo: websocket-client (Odoo drives Chromium with it
# for the tours), aiosmtpd (a real SMTP server on loopback for the mail tests).
pip_install $CCHC_TEST_PACKAGES || die "pip install $CCHC_TEST_PACKAGES failed"
unset PIP_CONSTRAINT

version="$("$VENV/bin/odoo" --version 2>/dev/null)" || die "the built odoo does not start"
{
    printf 'source=%s\n' "$identity"
    printf 'tree=%s\n' "$tree"
    printf 'requirements=%s\n' "$(sha256_of "$tree/requirements.txt")"
    printf 'version=%s\n' "$version"
    printf 'test_packages=%s\n' "$CCHC_TEST_PACKAGES"
    printf 'built=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$STAMP.tmp"
mv "$STAMP.tmp" "$STAMP"
say "built $version in $VENV"
printf '%s\n' "$VENV/bin/odoo"
