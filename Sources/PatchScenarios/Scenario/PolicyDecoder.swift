import Foundation
import PatchBaselines
import PatchModel
import PatchScheduling
import PatchWorld

/// A patch policy in the Quick Setup API's shape, as `CreateConfigurationManager` takes it:
///
///     { "Name": "prod-policy",
///       "ConfigurationDefinitions": [ { "Type": "AWSQuickSetupType-PatchPolicy",
///                                       "Parameters": { "ConfigurationOptionsPatchOperation": "ScanAndInstall", ... } } ] }
///
/// Every parameter is a string, as in the API. `CreatedDate` (patchsim) is when the policy
/// is created; the scenario's start when absent.
enum PolicyDecoder {
    static let parameterKeys: Set<String> = [
        "ConfigurationOptionsPatchOperation", "ConfigurationOptionsScanValue", "ConfigurationOptionsScanNextInterval",
        "ConfigurationOptionsInstallValue", "ConfigurationOptionsInstallNextInterval", "RebootOption",
        "PatchBaselineUseDefault", "SelectedPatchBaselines", "PatchPolicyName", "RateControlConcurrency", "RateControlErrorThreshold",
        "TargetType", "TargetTagKey", "TargetTagValue", "ResourceGroupName", "TargetInstances",
        // Accepted and without effect in one simulated account and Region:
        "TargetAccounts", "TargetRegions", "TargetOrganizationalUnits", "PatchBaselineRegion", "OutputLogEnableS3",
        "OutputS3BucketName", "OutputS3KeyPrefix", "OutputBucketRegion", "IsPolicyAttachAllowed", "HasDeletedBaseline",
    ]

    static func decode(_ v: JSONValue, created: Instant, registry: BaselineRegistry, seed: UInt64,
                       resourceGroups: [String: ResourceGroup] = [:]) throws -> PatchPolicy {
        try v.checkKeys(["Name", "Description", "ConfigurationDefinitions", "Tags", "CreatedDate"])
        let definitions = try v.required("ConfigurationDefinitions")
        let list = try definitions.array()
        guard list.count == 1 else { throw definitions.error(found: "\(list.count) definitions", allowed: "one AWSQuickSetupType-PatchPolicy definition") }
        let d = list[0]
        try d.checkKeys(["Type", "TypeVersion", "Parameters", "LocalDeploymentAdministrationRoleArn", "LocalDeploymentExecutionRoleName"])
        _ = try d.required("Type").oneOf(["AWSQuickSetupType-PatchPolicy"])
        let p = try d.required("Parameters")
        try p.checkKeys(parameterKeys)
        func text(_ key: String, _ fallback: String) throws -> String { try p[key]?.string() ?? fallback }
        func flag(_ key: String) throws -> Bool { try p[key].map { try $0.oneOf(["true", "false"]) == "true" } ?? false }
        func wrap<T>(_ at: JSONValue, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as ScheduleError { throw at.error(e.description) }
        }
        let when = try v["CreatedDate"]?.instant() ?? created
        let name = try p["PatchPolicyName"]?.string() ?? v.required("Name").string()
        let operation = PatchPolicy.PatchOperation(rawValue: try p["ConfigurationOptionsPatchOperation"]?.oneOf(["Scan", "ScanAndInstall"]) ?? "Scan") ?? .Scan
        // [OP-5]: QS-API defaults, both NextInterval flags false (run at once).
        let scan = try wrap(p["ConfigurationOptionsScanValue"] ?? p) {
            try AssociationSchedule(try text("ConfigurationOptionsScanValue", PatchPolicyDefaults.scanSchedule), created: when,
                                    applyOnlyAtCronInterval: try flag("ConfigurationOptionsScanNextInterval"))
        }
        var install: AssociationSchedule? = nil
        if operation == .ScanAndInstall {
            install = try wrap(p["ConfigurationOptionsInstallValue"] ?? p) {
                try AssociationSchedule(try text("ConfigurationOptionsInstallValue", PatchPolicyDefaults.installSchedule), created: when,
                                        applyOnlyAtCronInterval: try flag("ConfigurationOptionsInstallNextInterval"))
            }
        }
        // AMBIGUOUS: the API's RebootOption default is undocumented; Use RebootIfNeeded (the console's ticked box).
        let reboot = RunPatchBaselineParameters.RebootOption(rawValue: try p["RebootOption"]?.oneOf(["RebootIfNeeded", "NoReboot"]) ?? "RebootIfNeeded") ?? .RebootIfNeeded
        let rateControl = try wrap(p) {
            try RateControl(maxConcurrency: try text("RateControlConcurrency", PatchPolicyDefaults.maxConcurrency),
                            maxErrors: try text("RateControlErrorThreshold", PatchPolicyDefaults.maxErrors))
        }
        let targets: PatchPolicy.Targets
        switch try p["TargetType"]?.oneOf(["*", "Tags", "ResourceGroups", "InstanceIds"]) ?? "*" {
        case "Tags": targets = .tag(key: try p.required("TargetTagKey").string(), value: try p.required("TargetTagValue").string())
        case "ResourceGroups":
            let nameValue = try p.required("ResourceGroupName")
            guard let group = resourceGroups[try nameValue.string()] else {
                throw nameValue.error(found: nameValue.shortDescription, allowed: "a group of the scenario's resourceGroups (\(resourceGroups.keys.sorted().joined(separator: ", ")))")
            }
            targets = .resourceGroup(group)
        case "InstanceIds":
            targets = .instanceIds(try p.required("TargetInstances").string().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        default: targets = .allManagedNodes
        }
        // Baselines: the AWS default of every OS, or the selected ones (an OS left out keeps its AWS default, Use).
        var ids: [OperatingSystem: String] = [:]
        for os in OperatingSystem.allCases { if let b = PredefinedBaselines.defaultBaseline(for: os) { ids[os] = b.baselineId } }
        if try p["PatchBaselineUseDefault"]?.oneOf(["default", "custom"]) == "custom" {
            let selectedV = try p.required("SelectedPatchBaselines")
            let selected: JSONValue
            do { selected = try JSONValue.parse(Data(try selectedV.string().utf8), file: selectedV.file) }
            catch let e as InputError { throw selectedV.error("is not a JSON object in a string: \(e.message)") }
            for (key, entry) in try selected.object() {
                guard let os = OperatingSystem(rawValue: key) else {
                    throw selectedV.error(found: "operating system key \"\(key)\"", allowed: OperatingSystem.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let value = try entry.required("value").string()
                let id = value.components(separatedBy: "patchbaseline/").last ?? value
                let label = try entry["label"]?.string()
                guard let b = registry.baseline(id) ?? label.flatMap({ PredefinedBaselines.named($0) }) else {
                    throw selectedV.error(found: "\(key) baseline \"\(value)\"", allowed: "a BaselineId of this file's baselines, or a predefined baseline (ARN, id or label)")
                }
                guard b.operatingSystem == os else {
                    throw selectedV.error(found: "\(key) baseline \(b.baselineId) for \(b.operatingSystem.rawValue)", allowed: "a \(key) baseline")
                }
                ids[os] = b.baselineId
            }
        }
        // Its baseline copies are taken when the simulation reaches its creation instant.
        return PatchPolicy(name: name, created: when, operation: operation, scan: scan, install: install, rebootOption: reboot,
                           rateControl: rateControl, targets: targets, baselineIds: ids, seed: seed)
    }
}
