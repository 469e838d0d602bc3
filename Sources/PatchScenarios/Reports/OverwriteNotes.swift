import PatchModel
import PatchWorld

/// [20] The compliance-overwrite pitfall in words: which source replaced which, with what
/// baseline and operation, and whether the node's reported state changed.
public enum OverwriteNotes {
    /// How many overwrites a note spells out.
    public static let examples = 3

    public static func sentence(_ o: SourceOverwrite) -> String {
        func side(_ s: ComplianceSource?, _ operation: String, _ baseline: String) -> String {
            "\(s?.description ?? "an unknown source") (\(operation), \(baseline))"
        }
        return "\(o.instanceId) at \(o.at.iso8601): \(side(o.source, o.operation, o.baselineId)) replaced the report of "
            + "\(side(o.previousSource, o.previousOperation, o.previousBaselineId)) written \(o.previousWrittenAt.iso8601); "
            + (o.stateChanged ? "the reported state changed" : "the reported state stayed the same")
    }

    /// Nothing when there are none; else a count and the first few.
    public static func lines(_ all: SourceOverwrites) -> [String] {
        guard all.count > 0 else { return [] }
        let changed = all.kept.filter(\.stateChanged).count
        var out = ["note: \(Wording.count(all.count, "stored report")) on \(Wording.count(all.nodes.count, "node")) replaced by another source with another baseline or operation "
                   + "(the last writer wins, [OP-8]; \(changed) of the first \(all.kept.count) changed what the node reports); "
                   + "an expectation {\"invariant\": \"noComplianceSourceConflict\"} fails on it"]
        out += all.kept.prefix(examples).map { "  " + sentence($0) }
        return out
    }
}
