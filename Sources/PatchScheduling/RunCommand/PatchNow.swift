/// Patch now's fixed rate control ([OP-6]): Install only; Scan runs up to 1000 nodes at
/// once and continues until 1000 errors.
public enum PatchNow {
    public static func rateControl(nodes: Int, install: Bool) -> (maxConcurrency: String, maxErrors: String) {
        guard install else { return ("1000", "1000") }
        switch nodes {
        case ..<25: return ("1", "1")
        case 25...100: return ("5%", "5")
        case 101...1000: return ("8%", "10")
        default: return ("10%", "10")
        }
    }
}

/// Quick Setup patch policy defaults ([OP-5]): scan daily 01:00 UTC, install Sundays
/// 02:00 UTC; rate control AMBIGUOUS, Use: 10% and 2%.
public enum PatchPolicyDefaults {
    public static let scanSchedule = "cron(0 1 * * ? *)"
    public static let installSchedule = "cron(0 2 ? * SUN *)"
    public static let maxConcurrency = "10%"
    public static let maxErrors = "2%"
}
