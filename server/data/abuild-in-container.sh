#!/bin/sh
# apkbuild-hardening: the fixed script a rebuild runs inside its Alpine container.
#
# It is never generated: every value comes from the environment, and the host folders sit at
# fixed mount points (see server/src/rebuild/container-args.ts):
#   /aport (read-only)       a copy of the aport holding the variant's APKBUILD
#   /out                     where the .apk files are copied
#   /var/cache/distfiles     abuild's SRCDEST, kept between rebuilds
#   /etc/apk/cache           apk's package cache, kept between rebuilds
#   /repositories/1..N (read-only)   folder repositories given with --repository DIR
#   /repository-keys (read-only)     the --keys folder of public keys
# Environment:
#   ABUILD_PHASE   fetch: install alpine-sdk and the makedepends, fetch and verify the sources
#                         (the network is on)
#                  build: install the same packages from the apk cache, make a throwaway
#                         signing key, build and package (the container has no network)
#   APORT_REPO     the aport's repository folder (main, community, ...): abuild names the
#                  package repository after it
#   APORT_NAME     the aport's folder name
#   HOST_UID, HOST_GID   owner the outputs are given back to
#   APK_REPOSITORIES     when set, replaces /etc/apk/repositories: its words, one a line
#                        (http(s) URLs, or the mount points of folder repositories)
#   APK_KEYS             when set (/repository-keys), its .pub files join /etc/apk/keys
set -eu
# One stream: stdout and stderr reach the host through separate pipes, and abuild's
# `>>> ERROR:` would otherwise land in the log out of order with the lines before it.
exec 2>&1

phase="${ABUILD_PHASE:-}"
repo="${APORT_REPO:-main}"
name="${APORT_NAME:-}"

die() {
	echo "abuild-in-container: $*" >&2
	exit 2
}

# Names become path parts and arguments below: allow only what aports folder names use, and
# no leading '-' that a command would read as an option.
case "$repo" in '' | *[!A-Za-z0-9._+-]* | .* | -*) die "bad APORT_REPO '$repo'" ;; esac
case "$name" in '' | *[!A-Za-z0-9._+-]* | .* | -*) die "bad APORT_NAME '$name'" ;; esac
case "${HOST_UID:-0}${HOST_GID:-0}" in *[!0-9]*) die "HOST_UID and HOST_GID must be numbers" ;; esac

repositories="${APK_REPOSITORIES:-}"
keys="${APK_KEYS:-}"
# Word lists below: no glob may expand in them.
set -f
for r in $repositories; do
	case "$r" in
	http://* | https://*) ;;
	/repositories/[1-9] | /repositories/[1-9][0-9]) ;;
	*) die "bad repository '$r' in APK_REPOSITORIES" ;;
	esac
done
set +f
case "$keys" in '' | /repository-keys) ;; *) die "APK_KEYS must be /repository-keys, not '$keys'" ;; esac

give_back() {
	chown -R "${HOST_UID:-0}:${HOST_GID:-0}" /out /var/cache/distfiles /etc/apk/cache 2>/dev/null || true
}
trap give_back EXIT

# The repositories and keys the user gave replace the image's (the step's own files only).
if [ -n "$keys" ]; then
	mkdir -p /etc/apk/keys
	cp -- "$keys"/*.pub /etc/apk/keys/
fi
if [ -n "$repositories" ]; then
	set -f
	# shellcheck disable=SC2086 # one repository a word
	printf '%s\n' $repositories >/etc/apk/repositories
	set +f
	echo "abuild-in-container: /etc/apk/repositories: $repositories"
fi

# abuild writes src/ and pkg/ beside the APKBUILD, so it works on a writable copy; the folder
# names matter: abuild takes the repository from the parent folder's name.
work="/home/build/aports/$repo/$name"
rm -rf /home/build/aports
mkdir -p "$work"
cp -a /aport/. "$work/"
cd "$work"

# The packages abuild would install for the build, read the way abuild reads them: by sourcing
# the APKBUILD (inside the container only). Conflicts (!name) are not packages to install.
build_deps() {
	(
		CARCH="$(apk --print-arch)"
		CBUILD_ARCH="$CARCH"
		startdir="$work"
		srcdir="$work/src"
		pkgdir="$work/pkg"
		export CARCH CBUILD_ARCH startdir srcdir pkgdir
		. ./APKBUILD >/dev/null
		for dep in ${makedepends:-} ${makedepends_build:-} ${makedepends_host:-} ${checkdepends:-} ${depends:-}; do
			case "$dep" in !*) ;; *) echo "$dep" ;; esac
		done
	)
}

install_tools() {
	# $1 is empty or --no-network; the build step installs from the cache the fetch step filled.
	deps="$(build_deps)"
	# One apk add: when the repositories lack packages, apk names them all at once.
	# shellcheck disable=SC2086 # one package a word
	apk add $1 --virtual .makedepends-rebuild alpine-sdk $deps
}

case "$phase" in
fetch)
	install_tools ""
	abuild -F fetch
	abuild -F verify
	;;
build)
	install_tools --no-network
	abuild-keygen -a -i -n
	packages=/home/build/packages
	abuild -F -d -P "$packages"
	find "$packages" -name '*.apk' -exec cp {} /out/ \;
	# The public half of the key the packages were signed with: the host checks the signatures
	# against it for the provenance. The private half stays in the container.
	mkdir -p /out/build-key
	cp "$HOME"/.abuild/*.rsa.pub /out/build-key/ 2>/dev/null || true
	echo "abuild-in-container: packages copied: $(cd /out && ls -- *.apk 2>/dev/null | tr '\n' ' ')"
	;;
*)
	die "ABUILD_PHASE must be fetch or build, not '$phase'"
	;;
esac
