#!/usr/bin/env bash
# Installs what the end-to-end tests drive (test/e2e): Debian's chromium, neovim, emacs-nox with
# eglot, and code-server (real VS Code in a browser). Idempotent: installed pieces are kept.
# code-server goes to its own prefix outside the repository, so the project's lockfile stays
# as it is. Needs only apt and the npm registry (no GitHub downloads).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# The @vscode/ripgrep version code-server 4.100.3 depends on, and the asset it looks for.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

cache_home="${XDG_CACHE_HOME:-$HOME/.cache}"
prefix="$cache_home/apkbuild-hardening/code-server"

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_packages=(chromium neovim emacs-nox elpa-eglot libkrb5-dev ripgrep)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "install-e2e: apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

code_server="$prefix/node_modules/.bin/code-server"
# code-server writes a default config file wherever it looks for one, ~/.config by default:
# point it inside the prefix, so nothing is written outside it.
code_server_version() { "$code_server" --config "$prefix/config.yaml" --version; }
if [[ -x "$code_server" ]] && code_server_version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  echo "install-e2e: code-server $CODE_SERVER_VERSION already in $prefix"
  exit 0
fi

# @vscode/ripgrep downloads its binary from GitHub unless it finds the asset in its cache
# folder under the temporary directory: give it a tarball holding Debian's rg.
ripgrep_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
if [[ ! -s "$ripgrep_cache/$RIPGREP_ASSET" ]]; then
  mkdir -p "$ripgrep_cache"
  staging="$(mktemp -d)"
  cp /usr/bin/rg "$staging/rg"
  tar -czf "$ripgrep_cache/$RIPGREP_ASSET" -C "$staging" rg
  rm -rf "$staging"
fi

mkdir -p "$prefix"
# npm 11 asks the project to allow install scripts by name; code-server needs its own (VS Code's
# postinstall: native modules, the ripgrep download above) and argon2's prebuilt binary.
cat >"$prefix/package.json" <<'JSON'
{
  "name": "apkbuild-hardening-code-server",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
echo "install-e2e: npm install code-server@$CODE_SERVER_VERSION into $prefix"
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --prefix "$prefix" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
code_server_version
