#!/usr/bin/env bash
# Differential check: `patchsim vercmp` against the real rpm (lua rpm.vercmp / rpm.ver)
# and the real dpkg (--compare-versions) on generated tricky pairs.
# Usage: check_against_real_tools.sh PATCHSIM_BINARY [COUNT]
# Skips a scheme (exit 0 with a note) when its real tool is not installed, except under
# CI=true, where a missing tool fails the check (.ci/run installs them).
set -euo pipefail
missing() {
  if [ "${CI:-}" = true ]; then echo "$1 not installed: failing (CI=true needs every real tool)"; exit 1; fi
  echo "$1 not installed: $2 skipped"
}
bin=$1
count=${2:-3000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
if ! command -v python3 >/dev/null; then
  missing python3 "differential checks (they generate pairs with it)"
  exit 0
fi

if command -v rpm >/dev/null; then
  for scheme in rpm evr; do
    python3 "$here/gen_pairs.py" $scheme "$count" "${PAIRS_SEED:-7}" > "$work/$scheme.pairs"
    if [ $scheme = rpm ]; then
      # Bare rpmvercmp() from librpmio (lua's rpm.vercmp parses EVR labels since rpm 4.17).
      python3 -c '
import ctypes, ctypes.util, sys
lib = ctypes.CDLL(ctypes.util.find_library("rpmio"))
lib.rpmvercmp.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
for line in open(sys.argv[1], "rb"):
    a, b = line.rstrip(b"\n").split(b"\t", 1)
    print(lib.rpmvercmp(a, b))
' "$work/$scheme.pairs" > "$work/$scheme.real"
    else
      lua='for l in io.lines("'$work/$scheme.pairs'") do local a,b=l:match("^(.-)\t(.*)$"); local x,y=rpm.ver(a),rpm.ver(b); local r; if x<y then r=-1 elseif x==y then r=0 else r=1 end; io.stdout:write(r, "\n") end'
      rpm --eval "%{lua: $lua}" > "$work/$scheme.real"
    fi
    "$bin" vercmp --scheme $scheme < "$work/$scheme.pairs" > "$work/$scheme.ours"
    if ! paste "$work/$scheme.pairs" "$work/$scheme.real" "$work/$scheme.ours" | awk -F'\t' '$3!=$4 {print "  " $1 " vs " $2 ": rpm " $3 ", patchsim " $4; bad++} END {exit bad>0}'; then
      echo "vercmp --scheme $scheme disagrees with rpm"; fail=1
    else
      echo "vercmp --scheme $scheme: $(wc -l < "$work/$scheme.pairs") pairs agree with $(rpm --version)"
    fi
  done
else
  missing rpm "rpm/evr differential check"
fi

if command -v dpkg >/dev/null; then
  python3 "$here/gen_pairs.py" deb "$count" "${PAIRS_SEED:-11}" > "$work/deb.pairs"
  while IFS=$'\t' read -r a b; do
    if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo -1
    elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo 0
    elif dpkg --compare-versions "$a" gt "$b" 2>/dev/null; then echo 1
    else echo error; fi
  done < "$work/deb.pairs" > "$work/deb.real"
  # Ours, one pair at a time for the pairs dpkg refuses (the stream stops at the first error).
  while IFS=$'\t' read -r a b; do
    "$bin" vercmp --scheme deb -- "$a" "$b" 2>/dev/null || echo error
  done < "$work/deb.pairs" > "$work/deb.ours"
  if ! paste "$work/deb.pairs" "$work/deb.real" "$work/deb.ours" | awk -F'\t' '$3!=$4 {print "  " $1 " vs " $2 ": dpkg " $3 ", patchsim " $4; bad++} END {exit bad>0}'; then
    echo "vercmp --scheme deb disagrees with dpkg"; fail=1
  else
    echo "vercmp --scheme deb: $(wc -l < "$work/deb.pairs") pairs agree with dpkg $(dpkg-query --showformat='${Version}' --show dpkg)"
  fi
else
  missing dpkg "deb differential check"
fi
exit $fail
