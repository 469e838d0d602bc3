#!/usr/bin/env bash
# Checks Scenarios/scenario.schema.json with a real JSON Schema implementation (Python's
# jsonschema, Draft 2020-12): the schema itself is valid, and every bundled scenario
# (folder scenarios assembled as `run` assembles them) validates against it.
# Skips without python3 and jsonschema, except under CI=true, where that fails
# (.ci/run installs python3-jsonschema).
set -euo pipefail
skip() {
  if [ "${CI:-}" = true ]; then echo "$1: failing (CI=true needs python3 with jsonschema)"; exit 1; fi
  echo "$1: schema check skipped"; exit 0
}
command -v python3 >/dev/null || skip "no python3"
python3 -c "import jsonschema" 2>/dev/null || skip "no jsonschema"
cd "$(dirname "$0")/../.."
python3 - <<'PY'
import glob, json, os, sys
from jsonschema import Draft202012Validator
schema = json.load(open("Scenarios/scenario.schema.json"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
def document(path):
    if os.path.isdir(path):
        main = json.load(open(os.path.join(path, "scenario.json")))
        for name in sorted(os.listdir(path)):
            if name.endswith(".json") and name != "scenario.json":
                for key, items in json.load(open(os.path.join(path, name))).items():
                    main.setdefault(key, []).extend(items)
        return main
    return json.load(open(path))
paths = [p for p in sorted(glob.glob("Scenarios/*.json")) if not p.endswith(".schema.json")]
paths += [d.rstrip("/") for d in sorted(glob.glob("Scenarios/*/")) if os.path.exists(os.path.join(d, "scenario.json"))]
paths += ["Scenarios/scale/scale-1m.json", "Scenarios/scale/fleet-diverse-1m.json"] + sorted(glob.glob("Scenarios/examples/*.json"))
problems = [f"{p}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for p in paths for e in validator.iter_errors(document(p))]
if problems:
    print("\n".join(problems[:20])); sys.exit(1)
print(f"schema: {len(paths)} bundled scenarios valid against Scenarios/scenario.schema.json (Python jsonschema, Draft 2020-12)")
PY
