#!/usr/bin/env bash
# README's AWS Batch job definitions ("Running past one machine") against botocore's own
# model of RegisterJobDefinition: every member name, type and required member as the
# AWS CLI would send it. Skips without python3 and botocore, except under CI=true, where
# that fails (.ci/run installs python3-botocore).
set -euo pipefail
skip() {
  if [ "${CI:-}" = true ]; then echo "$1: failing (CI=true needs python3 with botocore)"; exit 1; fi
  echo "$1: AWS Batch block check skipped"; exit 0
}
command -v python3 >/dev/null || skip "no python3"
python3 -c "import botocore" 2>/dev/null || skip "no botocore"
cd "$(dirname "$0")/../.."
python3 - <<'PY'
import json, re, sys
import botocore.session
from botocore.validate import ParamValidator
shape = botocore.session.get_session().get_service_model("batch").operation_model("RegisterJobDefinition").input_shape
text = open("README.md").read()
section = text[text.index("## Running past one machine"):]
section = section[:section.index("\n## ", 10)]
definitions = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", section, re.S)]
definitions = [d for d in definitions if "jobDefinitionName" in d]
if len(definitions) != 2:
    print(f"expected 2 job definitions in README, found {len(definitions)}"); sys.exit(1)
for d in definitions:
    report = ParamValidator().validate(d, shape)
    if report.has_errors():
        print(f"{d['jobDefinitionName']}: {report.generate_report()}"); sys.exit(1)
print(f"batch: {len(definitions)} README job definitions valid against botocore's RegisterJobDefinition")
PY
