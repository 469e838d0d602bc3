import PatchModel

/// Every predefined baseline as rules ([PRE-DEF], spec §6.1): not editable, every level
/// UNSPECIFIED, empty global filters and lists, ALLOW_AS_DEPENDENCY, no sources.
public enum PredefinedBaselines {
    /// Predefined baselines are addressed by ARN in AWS; ours carry the name in the ARN.
    public static func arn(_ name: String) -> String { "arn:aws:ssm:us-east-1:aws:patchbaseline/\(name)" }

    public static func named(_ name: String) -> PatchBaseline? {
        all.first { $0.name == name || $0.baselineId == name }
    }

    /// The AWS default baseline of an OS ([BL-2]).
    public static func defaultBaseline(for os: OperatingSystem) -> PatchBaseline? { defaults[os] }

    static let defaults: [OperatingSystem: PatchBaseline] = Dictionary(uniqueKeysWithValues: OperatingSystem.allCases.compactMap { os in
        named(OSCatalogue.entry(os).defaultBaselineName).map { (os, $0) }
    })

    public static let all: [PatchBaseline] = OperatingSystem.allCases.flatMap { os in
        OSCatalogue.entry(os).predefinedBaselines.map { make($0, os) }
    }

    static func f(_ key: PatchFilterKey, _ values: String...) -> PatchFilter { PatchFilter(key: key, values: values) }

    static func securityAndBugfix(_ severities: [String], bugfix: Bool = true) -> [PatchRule] {
        var rules = [PatchRule(PatchFilterGroup([f(.PRODUCT, "*"), f(.CLASSIFICATION, "Security"),
                                                 PatchFilter(key: .SEVERITY, values: severities)]), approveAfterDays: 7)]
        if bugfix { rules.append(PatchRule(PatchFilterGroup([f(.PRODUCT, "*"), f(.CLASSIFICATION, "Bugfix")]), approveAfterDays: 7)) }
        return rules
    }

    static let windowsOS = PatchRule(PatchFilterGroup([f(.PATCH_SET, "OS"), f(.PRODUCT, "*"),
                                                       f(.CLASSIFICATION, "CriticalUpdates", "SecurityUpdates"),
                                                       f(.MSRC_SEVERITY, "Critical", "Important")]), approveAfterDays: 7)

    static func make(_ name: String, _ os: OperatingSystem) -> PatchBaseline {
        let rules: [PatchRule]
        switch os {
        case .amazonLinux, .amazonLinux2, .amazonLinux2022, .amazonLinux2023, .redhatEnterpriseLinux, .rockyLinux, .almaLinux:
            rules = securityAndBugfix(["Critical", "Important"])
        case .oracleLinux:
            rules = securityAndBugfix(["Important", "Moderate"])
        case .suse:
            rules = securityAndBugfix(["Critical", "Important"], bugfix: false)
        case .centOS:
            rules = [PatchRule(PatchFilterGroup([f(.PRODUCT, "*"), f(.CLASSIFICATION, "*"), f(.SEVERITY, "*")]),
                               approveAfterDays: 7, enableNonSecurity: true)]
        case .ubuntu, .debian, .raspbian:
            rules = [PatchRule(PatchFilterGroup([f(.PRODUCT, "*"), f(.PRIORITY, "Required", "Important", "Standard", "Optional", "Extra")]),
                               approveAfterDays: 0)]
        case .macOS:
            rules = [PatchRule(PatchFilterGroup([f(.PRODUCT, "*"), f(.CLASSIFICATION, "*")]), approveAfterDays: 0, enableNonSecurity: true)]
        case .windows:
            if name.hasSuffix("-OS-Applications") {
                rules = [windowsOS, PatchRule(PatchFilterGroup([f(.PATCH_SET, "APPLICATION"), f(.PRODUCT_FAMILY, "*"), f(.PRODUCT, "*"),
                                                                f(.CLASSIFICATION, "*"), f(.MSRC_SEVERITY, "*")]), approveAfterDays: 7)]
            } else {
                rules = [windowsOS]
            }
        }
        return PatchBaseline(baselineId: arn(name), name: name, description: "Predefined baseline \(name)",
                             operatingSystem: os, approvalRules: rules, isPredefined: true)
    }
}
