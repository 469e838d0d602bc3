/// The script `patchsim export-script` prints ([17] item 1): POSIX sh and the AWS CLI v2,
/// read-only calls, writing the folder `AccountExport` reads. The file and folder names
/// come from `ExportLayout`, so the script and the importer cannot drift apart.
public enum ExportScript {
    /// The IAM actions the script calls, for the policy a customer grants it.
    public static let permissions = [
        "ssm:DescribeInstanceInformation", "ssm:DescribeInstancePatchStates", "ssm:DescribeInstancePatches",
        "ssm:ListInventoryEntries", "ssm:ListTagsForResource", "ssm:DescribePatchBaselines", "ssm:GetPatchBaseline",
        "ssm:DescribePatchGroups", "ssm:GetDefaultPatchBaseline", "ssm:DescribeMaintenanceWindows", "ssm:GetMaintenanceWindow",
        "ssm:DescribeMaintenanceWindowTargets", "ssm:DescribeMaintenanceWindowTasks", "ssm:GetMaintenanceWindowTask",
        "ssm:DescribeMaintenanceWindowExecutions", "ssm:ListAssociations", "ssm:DescribeAssociation",
        "ssm:DescribeAvailablePatches", "ec2:DescribeInstances", "sts:GetCallerIdentity",
    ]

    public static var text: String {
        let L = ExportLayout.self
        return """
        #!/bin/sh
        # export-fleet.sh: what Patch Manager knows about one account and Region, as the
        # AWS CLI prints it, for `patchsim import`. Read-only: Describe, Get and List calls.
        #
        #   sh export-fleet.sh [--region R] [--out DIR] [--instance-ids "i-1 i-2"] [--tag KEY=VALUE] [--no-history]
        #
        # Needs: a POSIX shell and the AWS CLI v2 with credentials allowed these actions:
        #   \(permissions.joined(separator: ", "))
        # Writes DIR (default ./patch-export): one JSON file per call, pages merged as the CLI
        # does by default; per-resource calls in a folder named after the command.
        set -eu

        region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
        out=./patch-export
        only_ids=""
        tag=""
        history=1
        while [ $# -gt 0 ]; do
          case "$1" in
            --region) region="$2"; shift 2 ;;
            --out) out="$2"; shift 2 ;;
            --instance-ids) only_ids="$2"; shift 2 ;;
            --tag) tag="$2"; shift 2 ;;
            --no-history) history=0; shift ;;
            -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
            *) echo "export-fleet.sh: unknown option $1" >&2; exit 2 ;;
          esac
        done
        [ -n "$region" ] || { echo "export-fleet.sh: give --region (or set AWS_REGION)" >&2; exit 2; }
        command -v aws >/dev/null 2>&1 || { echo "export-fleet.sh: the AWS CLI v2 (aws) is not on PATH" >&2; exit 2; }

        aws() { command aws --region "$region" --output json "$@"; }
        mkdir -p "$out"
        cd "$out"
        skipped=0
        # One call into one file; a failed per-resource call is noted and the export goes on.
        save() { file="$1"; shift; tmp="$file.partial"
          if aws "$@" > "$tmp" 2>>export-errors.log; then mv "$tmp" "$file"; else rm -f "$tmp"; skipped=$((skipped + 1)); echo "skipped: $file" >&2; fi; }

        account=$(aws sts get-caller-identity --query Account --output text)
        cli=$(command aws --version 2>&1 | cut -d' ' -f1 | cut -d/ -f2)
        now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

        # The nodes, narrowed to --instance-ids or --tag when given.
        filters=""
        if [ -n "$only_ids" ]; then filters="Key=InstanceIds,Values=$(echo $only_ids | tr ' ' ',')"; fi
        if [ -n "$tag" ]; then filters="Key=tag:${tag%%=*},Values=${tag#*=}"; fi
        if [ -n "$filters" ]; then
          save \(L.instanceInformation) ssm describe-instance-information --filters "$filters"
        else
          save \(L.instanceInformation) ssm describe-instance-information
        fi
        ids=$(aws ssm describe-instance-information ${filters:+--filters "$filters"} --query 'InstanceInformationList[].InstanceId' --output text)
        ec2_ids=$(for i in $ids; do case "$i" in i-*) echo "$i" ;; esac; done)
        if [ -n "$ec2_ids" ]; then save \(L.ec2Instances) ec2 describe-instances --instance-ids $ec2_ids; fi

        mkdir -p \(L.hybridTags) \(L.instancePatches) "\(L.inventory)/\(L.applicationType)" "\(L.inventory)/\(L.windowsUpdateType)"
        # describe-instance-patch-states takes at most 50 ids a call: merged into one list.
        echo '{ "InstancePatchStates": [' > \(L.patchStates).partial
        first=1
        set -- $ids
        while [ $# -gt 0 ]; do
          batch=""; n=0
          while [ $# -gt 0 ] && [ $n -lt 50 ]; do batch="$batch $1"; shift; n=$((n + 1)); done
          part=$(aws ssm describe-instance-patch-states --instance-ids $batch --query 'InstancePatchStates' | sed '1d;$d')
          if [ -n "$part" ]; then [ $first -eq 1 ] || echo ',' >> \(L.patchStates).partial; echo "$part" >> \(L.patchStates).partial; first=0; fi
        done
        echo '] }' >> \(L.patchStates).partial
        mv \(L.patchStates).partial \(L.patchStates)

        platforms=$(aws ssm describe-instance-information ${filters:+--filters "$filters"} --query 'InstanceInformationList[].[InstanceId,PlatformType]' --output text)
        echo "$platforms" | while read -r id platform; do
          [ -n "$id" ] || continue
          case "$id" in mi-*) save "\(L.hybridTags)/$id.json" ssm list-tags-for-resource --resource-type ManagedInstance --resource-id "$id" ;; esac
          save "\(L.instancePatches)/$id.json" ssm describe-instance-patches --instance-id "$id"
          save "\(L.inventory)/\(L.applicationType)/$id.json" ssm list-inventory-entries --instance-id "$id" --type-name \(L.applicationType)
          if [ "$platform" = Windows ]; then
            save "\(L.inventory)/\(L.windowsUpdateType)/$id.json" ssm list-inventory-entries --instance-id "$id" --type-name \(L.windowsUpdateType)
          fi
        done

        # Baselines (custom ones in full; predefined ones are known by name), groups, defaults.
        save \(L.baselines) ssm describe-patch-baselines
        mkdir -p \(L.baseline) \(L.defaultBaseline)
        for b in $(aws ssm describe-patch-baselines --filters Key=OWNER,Values=Self --query 'BaselineIdentities[].BaselineId' --output text); do
          save "\(L.baseline)/$b.json" ssm get-patch-baseline --baseline-id "$b"
        done
        save \(L.patchGroups) ssm describe-patch-groups
        for os in \(L.defaultBaselineSystems.joined(separator: " ")); do
          save "\(L.defaultBaseline)/$os.json" ssm get-default-patch-baseline --operating-system "$os"
        done

        # Maintenance windows, their targets and tasks (and, unless --no-history, executions).
        save \(L.windows) ssm describe-maintenance-windows
        mkdir -p \(L.window) \(L.windowTargets) \(L.windowTasks) \(L.windowTask) \(L.windowExecutions)
        for w in $(aws ssm describe-maintenance-windows --query 'WindowIdentities[].WindowId' --output text); do
          save "\(L.window)/$w.json" ssm get-maintenance-window --window-id "$w"
          save "\(L.windowTargets)/$w.json" ssm describe-maintenance-window-targets --window-id "$w"
          save "\(L.windowTasks)/$w.json" ssm describe-maintenance-window-tasks --window-id "$w"
          for t in $(aws ssm describe-maintenance-window-tasks --window-id "$w" --query 'Tasks[].WindowTaskId' --output text); do
            save "\(L.windowTask)/${w}_$t.json" ssm get-maintenance-window-task --window-id "$w" --window-task-id "$t"
          done
          if [ $history -eq 1 ]; then save "\(L.windowExecutions)/$w.json" ssm describe-maintenance-window-executions --window-id "$w"; fi
        done

        # Associations (State Manager and the patch policies' own), and the catalogue.
        save \(L.associations) ssm list-associations
        mkdir -p \(L.association)
        for a in $(aws ssm list-associations --query 'Associations[].AssociationId' --output text); do
          save "\(L.association)/$a.json" ssm describe-association --association-id "$a"
        done
        save \(L.availablePatches) ssm describe-available-patches

        printf '{\\n    "ExportTime": "%s",\\n    "Region": "%s",\\n    "AccountId": "%s",\\n    "AwsCliVersion": "%s"\\n}\\n' \\
          "$now" "$region" "$account" "$cli" > \(L.manifest)
        echo "export-fleet.sh: wrote $(pwd) ($skipped calls skipped; see export-errors.log)" >&2

        """
    }
}
