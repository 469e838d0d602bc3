#!/usr/bin/env bash
# Differential check: every Security Hub findings file `patchsim run --findings` writes
# must be a valid BatchImportFindings request by botocore's own service model (required
# members, types, list bounds such as 1..100 findings). The EventBridge-bound and other
# record shapes are checked in the Swift tests; this one uses the real model.
# Usage: check_findings_against_botocore.sh PATCHSIM_BINARY. Skips without python3 and
# botocore, except under CI=true, where that fails (.ci/run installs python3-botocore).
set -euo pipefail
bin=$1
skip() {
  if [ "${CI:-}" = true ]; then echo "$1: failing (CI=true needs python3 with botocore)"; exit 1; fi
  echo "$1: findings check skipped"; exit 0
}
command -v python3 >/dev/null || skip "no python3"
python3 -c "import botocore" 2>/dev/null || skip "no botocore"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$bin" run "$root/Scenarios" --findings "$work/findings" --findings-product-arn "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default" --quiet >/dev/null
python3 - "$work/findings" <<'PY'
import json, os, sys
import botocore.session
from botocore.validate import ParamValidator
model = botocore.session.get_session().get_service_model("securityhub")
shape = model.operation_model("BatchImportFindings").input_shape
files = findings = 0
problems = []
for folder, _, names in sorted(os.walk(sys.argv[1])):
    for name in sorted(names):
        path = os.path.join(folder, name)
        request = json.load(open(path))
        report = ParamValidator().validate(request, shape)
        if report.has_errors():
            problems.append(f"{path}: {report.generate_report()}")
        files += 1
        findings += len(request.get("Findings", []))
if problems:
    print("\n".join(problems[:20]))
    sys.exit(1)
if findings == 0:
    print("no findings written: nothing checked"); sys.exit(1)
print(f"findings: {findings} findings in {files} BatchImportFindings requests valid by botocore's securityhub model")
PY
