/// The ids the service assigns (baselines, windows, targets, tasks, associations,
/// commands, executions), drawn from the scenario's seed and a name for what they
/// identify, so a request pasted without them gets the same ids on every run.
public enum AssignedIds {
    static let hex = Array("0123456789abcdef")

    /// RFC 4122 version 4 in shape (version nibble 4, variant 10xx).
    public static func uuid(seed: UInt64, _ name: String) -> String {
        var rng = SeededGenerator(seed: seed, stream: "uuid:\(name)")
        var digits = (0..<32).map { _ in hex[rng.below(16)] }
        digits[12] = "4"
        digits[16] = hex[8 + rng.below(4)]
        var out = ""
        for (k, d) in digits.enumerated() {
            if k == 8 || k == 12 || k == 16 || k == 20 { out.append("-") }
            out.append(d)
        }
        return out
    }

    /// `pb-` or `mw-` and 17 hex digits, as the service writes them.
    public static func shortId(prefix: String, seed: UInt64, _ name: String) -> String {
        var rng = SeededGenerator(seed: seed, stream: "id:\(prefix):\(name)")
        return prefix + "-" + String((0..<17).map { _ in hex[rng.below(16)] })
    }
}
