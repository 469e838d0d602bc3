#!/usr/bin/env bash
# Differential check: `patchsim scan` with AWS-DebianDefaultPatchBaseline on this host's
# own dpkg status and apt lists must report as MISSING exactly the packages that
# `apt list --upgradable` would upgrade from a -security suite, at the same versions.
# Usage: check_scan_against_apt.sh PATCHSIM_BINARY. Skips (exit 0) off Debian or without
# lists, except under CI=true, where that fails the check (.ci/run runs apt-get update).
set -euo pipefail
bin=$1
skip() {
  if [ "${CI:-}" = true ]; then echo "$1: failing (CI=true needs the real apt and its lists)"; exit 1; fi
  echo "$1: scan check skipped"; exit 0
}
if ! command -v apt >/dev/null || [ ! -f /var/lib/dpkg/status ] || ! command -v python3 >/dev/null; then
  skip "not a Debian host with apt and python3"
fi
if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
  skip "no apt lists (run apt-get update)"
fi
. /etc/os-release
product="Debian${VERSION_ID%%.*}"
os=DEBIAN
[ "${ID:-}" = ubuntu ] && { os=UBUNTU; product="Ubuntu${VERSION_ID}"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" scan --os $os --product "$product" --dpkg-status /var/lib/dpkg/status --apt-lists /var/lib/apt/lists --format json > "$work/scan.json"
apt list --upgradable 2>/dev/null | grep -v '^Listing' > "$work/upgradable.txt" || true
python3 - "$work/scan.json" "$work/upgradable.txt" <<'PY'
import json, re, sys
scan = json.load(open(sys.argv[1]))
ours = {p["KBId"].rsplit(".", 1)[0]: p.get("TargetVersion") for p in scan["Patches"] if p["State"] == "MISSING"}
apt = {}
for line in open(sys.argv[2]):
    m = re.match(r"^([^/]+)/(\S+) (\S+) ", line)
    if m and any(s.endswith("-security") for s in m.group(2).split(",")):
        apt[m.group(1)] = m.group(3)
bad = False
for name in sorted(set(ours) - set(apt)):
    print(f"  patchsim MISSING, apt not from security: {name} {ours[name]}"); bad = True
for name in sorted(set(apt) - set(ours)):
    print(f"  apt upgrades from security, patchsim not MISSING: {name} {apt[name]}"); bad = True
for name in sorted(set(ours) & set(apt)):
    if ours[name] != apt[name]:
        print(f"  {name}: patchsim targets {ours[name]}, apt {apt[name]}"); bad = True
print(f"scan vs apt: {len(ours)} MISSING, {len(apt)} security upgrades" + (" - DISAGREE" if bad else ", identical"))
sys.exit(1 if bad else 0)
PY
