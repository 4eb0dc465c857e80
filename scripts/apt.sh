#!/usr/bin/env bash
# Install the Debian packages that are missing, skip the ones present.
#
#   scripts/apt.sh PACKAGE[=CHECK] ...
#
# A package counts as present when dpkg says it is installed or, if given, when the shell
# command CHECK succeeds (so Node from NodeSource, or a PostgreSQL of another version, is
# accepted as it is). `apt-get update` runs once, and only when something is missing.
# As root apt-get runs directly; otherwise through sudo, or it says what to install.
set -euo pipefail

missing=()
for spec in "$@"; do
    package="${spec%%=*}"
    check=""
    if [ "$package" != "$spec" ]; then check="${spec#*=}"; fi
    if [ -n "$check" ] && bash -c "$check" >/dev/null 2>&1; then continue; fi
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then continue; fi
    missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -eq 0 ]; then
    run=()
elif command -v sudo >/dev/null; then
    # No password prompt when there is nobody to answer it (CI, no terminal).
    if [ -t 0 ]; then run=(sudo); else run=(sudo -n); fi
else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them as root: apt-get update && apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
