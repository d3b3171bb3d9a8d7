#!/usr/bin/env bash
# Run the README's demo and test commands on each Debian suite's own QGIS, in a chroot:
#   bookworm (QGIS 3.22), trixie (3.40 LTR), sid (latest), or all three one after the other.
#
#   sudo bash scripts/test-matrix.sh bookworm|trixie|sid|all [extra pytest arguments]
#
# Needs root and mmdebstrap (installed with apt-get when missing). Each chroot is built once with
# mmdebstrap from the same Debian mirror the host's apt uses, kept under $CRIMERISK_MATRIX_CACHE
# (default /var/cache/crimerisk-matrix/<suite>) and reused while its recipe (mirror, suite, package
# list) is unchanged; CRIMERISK_MATRIX_REFRESH=1 rebuilds it, CRIMERISK_MATRIX_PREPARE_ONLY=1 only
# builds it. A clean checkout (git archive of HEAD; CRIMERISK_MATRIX_SOURCE=worktree copies the
# working tree's tracked and untracked files instead) is copied in, then `bash scripts/demo.sh` and `bash scripts/test.sh -q` run there, with deprecation
# warnings from the plugin's own modules turned into errors. Everything that is mounted for the run
# lives in a private mount namespace (unshare), so nothing stays mounted when a run fails or is killed.
# Prints one summary line per suite and exits non-zero when any demo or test failed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CRIMERISK_MATRIX_CACHE:-/var/cache/crimerisk-matrix}
SOURCE_MODE=${CRIMERISK_MATRIX_SOURCE:-head}
REFRESH=${CRIMERISK_MATRIX_REFRESH:-0}
PREPARE_ONLY=${CRIMERISK_MATRIX_PREPARE_ONLY:-0}  # 1: build (or check) the chroots, run nothing
SUITES_KNOWN=(bookworm trixie sid)
# Beyond the plugin's own packages (scripts/apt-packages.txt): what a chroot needs to run them.
CHROOT_EXTRA=(ca-certificates locales-all)

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

log() { echo "[matrix] $*" >&2; }

apt_packages() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$ROOT/scripts/apt-packages.txt"; }

# The Debian mirror the host's apt already uses (deb822 .sources or one-line .list), so the chroots
# come from the same place; CRIMERISK_MIRROR overrides it.
host_mirror() {
  local codename="" found=""
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  shopt -s nullglob
  local sources=(/etc/apt/sources.list.d/*.sources) lists=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
  shopt -u nullglob
  if [ ${#sources[@]} -gt 0 ]; then
    found=$(awk -v code="$codename" 'BEGIN { RS = "" }
      { uris = ""; suites = ""; on = 1
        n = split($0, lines, "\n")
        for (i = 1; i <= n; i++) {
          line = lines[i]
          if (line ~ /^#/) continue
          if (line ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", line); uris = line }
          else if (line ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", line); suites = line }
          else if (line ~ /^Enabled:[ \t]*no/) on = 0
        }
        if (!on) next
        m = split(suites, s, /[ \t]+/)
        for (j = 1; j <= m; j++) if (s[j] == code) { split(uris, u, /[ \t]+/); print u[1]; exit }
      }' "${sources[@]}" 2>/dev/null || true)
  fi
  if [ -z "$found" ]; then
    found=$(awk -v code="$codename" '$1 == "deb" {
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == code) { print $i; exit }
      }' "${lists[@]}" 2>/dev/null || true)
  fi
  echo "${found:-http://deb.debian.org/debian}"
}

MIRROR=${CRIMERISK_MIRROR:-$(host_mirror)}

# Any mount left under the cache is a bug: report it, and detach it so the next run starts clean.
leftover_mounts() { findmnt -rn -o TARGET | grep -F "$CACHE/" || true; }
cleanup() {
  local left
  left=$(leftover_mounts)
  if [ -n "$left" ]; then
    log "unmounting what was left mounted: $left"
    echo "$left" | sort -r | while read -r target; do umount -l "$target" || true; done
  fi
}
trap cleanup EXIT

ensure_tools() {
  [ "$(id -u)" -eq 0 ] || { log "run as root (mmdebstrap and chroot need it)"; exit 2; }
  if ! command -v mmdebstrap >/dev/null; then
    log "installing mmdebstrap"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap
  fi
  command -v git >/dev/null || { log "git is needed to copy a clean checkout"; exit 2; }
}

# Build the suite's chroot unless an identical one exists. Built beside and moved into place, so an
# interrupted build never leaves a half chroot that looks usable.
ensure_chroot() {
  local suite=$1 dir=$CACHE/$1 spec packages
  packages=$(apt_packages | tr '\n' ' ')
  spec="recipe=1 suite=$suite mirror=$MIRROR packages=$packages ${CHROOT_EXTRA[*]}"
  if [ "$REFRESH" != 1 ] && [ -f "$dir/.crimerisk-recipe" ] && [ "$(cat "$dir/.crimerisk-recipe")" = "$spec" ]; then
    log "$suite: reusing the chroot in $dir"
    return 0
  fi
  log "$suite: building a chroot from $MIRROR (mmdebstrap, a few minutes)"
  mkdir -p "$CACHE"
  rm -rf "$dir.new"
  # Its own mount namespace: whatever mmdebstrap mounts disappears with it, even if it is killed.
  # Check-Valid-Until off: a frozen or snapshot mirror serves Release files past their expiry date.
  unshare --mount --propagation private -- mmdebstrap --variant=apt --quiet \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --aptopt='Acquire::Retries "3"' \
    --include="$(echo $packages ${CHROOT_EXTRA[*]} | tr ' ' ',')" \
    "$suite" "$dir.new" "deb $MIRROR $suite main"
  echo "$spec" > "$dir.new/.crimerisk-recipe"
  rm -rf "$dir"
  mv "$dir.new" "$dir"
}

# Replace the chroot's checkout (keeping its .venv, which setup.sh checks and refreshes) by a clean one.
copy_checkout() {
  local dest=$1/root/crimerisk
  mkdir -p "$dest"
  find "$dest" -mindepth 1 -maxdepth 1 ! -name .venv -exec rm -rf {} +
  if [ "$SOURCE_MODE" = worktree ]; then
    git -C "$ROOT" ls-files -co --exclude-standard -z -- . ':(exclude).venv' \
      | (cd "$ROOT" && tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$dest"
  else
    git -C "$ROOT" archive --format=tar HEAD | tar -xf - -C "$dest"
  fi
  cp /etc/resolv.conf "$1/etc/resolv.conf" 2>/dev/null || true
  # Trust what the host trusts (e.g. a site's TLS-inspecting proxy in front of PyPI): the chroot's
  # own CA bundle plus the host's, for pip.
  cat "$1/etc/ssl/certs/ca-certificates.crt" /etc/ssl/certs/ca-certificates.crt > "$1/etc/ssl/crimerisk-ca.crt" \
    2>/dev/null || true
}

# Run a command inside the chroot with /proc, /dev, /sys and a fresh /tmp, all mounted in a private
# mount and PID namespace: they vanish when the command ends, however it ends. If unshare itself is
# killed, --kill-child takes the whole namespace (the command and everything it started) with it.
# Always called in a subshell ($(...), a pipeline or &): it execs unshare, so that PID is unshare's.
in_chroot() {
  local dir=$1 command=$2
  exec unshare --mount --pid --fork --kill-child --propagation private -- /bin/bash -euc '
    root=$1
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    mount -t tmpfs tmpfs "$root/tmp"
    exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb PIP_CERT=/etc/ssl/crimerisk-ca.crt \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -c "$2"' \
    in-chroot "$dir" "$command"
}

# in_chroot in the background, output to LOG (and to the terminal too when SHOW is "show"), waited
# for with `wait`, which a signal interrupts: on TERM/INT/HUP the trap below stops it at once.
CHILD=""
in_chroot_logged() {
  local log=$1 show=$2 status=0 tail_pid=""
  shift 2
  : >"$log"
  in_chroot "$@" >"$log" 2>&1 &
  CHILD=$!
  if [ "$show" = show ]; then tail -n +1 -f --pid="$CHILD" "$log" & tail_pid=$!; fi
  wait "$CHILD" || status=$?
  CHILD=""
  [ -z "$tail_pid" ] || wait "$tail_pid" 2>/dev/null || true
  return $status
}
on_signal() {
  trap - TERM INT HUP
  [ -z "$CHILD" ] || kill -TERM "$CHILD" 2>/dev/null || true
  log "stopped by a signal"
  exit 130
}
trap on_signal TERM INT HUP

VERSIONS_PY='
import platform, numpy, scipy, sklearn
from qgis.core import Qgis
qgis = Qgis.QGIS_VERSION.split("-")[0]
print(f"QGIS {qgis}, Python {platform.python_version()}, numpy {numpy.__version__}, "
      f"scipy {scipy.__version__}, scikit-learn {sklearn.__version__}")'

# pytest's closing line -> "N passed, N failed, N errors".
test_counts() {
  local line=$1 passed failed errors
  passed=$(grep -o '[0-9]\+ passed' <<<"$line" | grep -o '[0-9]\+' || echo 0)
  failed=$(grep -o '[0-9]\+ failed' <<<"$line" | grep -o '[0-9]\+' || echo 0)
  errors=$(grep -o '[0-9]\+ error' <<<"$line" | grep -o '[0-9]\+' || echo 0)
  echo "${passed} passed, ${failed} failed, ${errors} errors"
}

SUMMARIES=()
run_suite() {
  local suite=$1; shift
  local dir=$CACHE/$suite logs=$CACHE/logs start built demo_status test_status versions closing status=0
  start=$(date +%s)
  mkdir -p "$logs"
  if ! ensure_chroot "$suite" >"$logs/$suite.chroot.log" 2>&1; then
    tail -n 30 "$logs/$suite.chroot.log" >&2
    SUMMARIES+=("matrix $suite: chroot build FAILED (log: $logs/$suite.chroot.log)")
    return 1
  fi
  built=$(( $(date +%s) - start ))
  if [ "$PREPARE_ONLY" = 1 ]; then
    SUMMARIES+=("matrix $suite: chroot ready in $dir after $built s")
    return 0
  fi
  copy_checkout "$dir"
  versions=$(in_chroot "$dir" "python3 -" <<<"$VERSIONS_PY" 2>/dev/null || echo "versions unknown")
  log "$suite: $versions; running the demo"
  if in_chroot_logged "$logs/$suite.demo.log" quiet "$dir" "cd /root/crimerisk && bash scripts/demo.sh /tmp/demo-output"; then
    demo_status=ok
  else
    demo_status=FAILED; status=1
    tail -n 30 "$logs/$suite.demo.log" >&2
  fi
  log "$suite: running the test suite"
  local pytest_args
  pytest_args=$(printf ' %q' -q --plugin-deprecations-are-errors "$@")
  if in_chroot_logged "$logs/$suite.test.log" show "$dir" "cd /root/crimerisk && bash scripts/test.sh$pytest_args"; then
    test_status=ok
  else
    test_status=FAILED; status=1
  fi
  closing=$(grep -E '[0-9]+ (passed|failed|error)' "$logs/$suite.test.log" | tail -n 1 || true)
  SUMMARIES+=("matrix $suite: $versions | tests $(test_counts "$closing") ($test_status) | demo $demo_status | $(( $(date +%s) - start )) s (chroot ready after $built s)")
  return $status
}

main() {
  [ $# -ge 1 ] || usage
  local target=$1 suites suite overall left; shift
  case "$target" in
    all) suites=("${SUITES_KNOWN[@]}") ;;
    bookworm|trixie|sid) suites=("$target") ;;
    *) usage ;;
  esac
  ensure_tools
  log "mirror: $MIRROR; chroots in $CACHE"
  overall=0
  for suite in "${suites[@]}"; do
    run_suite "$suite" "$@" || overall=1
    cleanup
  done
  printf '%s\n' "${SUMMARIES[@]}"
  left=$(leftover_mounts)
  [ -z "$left" ] || { log "mounts left behind: $left"; overall=1; }
  exit $overall
}

# Parsed whole before it runs: editing this file during a run cannot derail it.
main "$@"
