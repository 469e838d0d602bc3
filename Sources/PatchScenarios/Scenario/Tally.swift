import PatchModel
import PatchBaselines

/// What a fleet-wide expectation counted: exact counts and the smallest instance ids (or
/// execution ids) of each list, sorted. Tallies of disjoint parts of a fleet add up to
/// the whole fleet's, which is how `patchsim merge` judges shards ([`Tally.merged`]).
public struct Tally: Sendable {
    public enum Check: Sendable {
        /// counts: compliant, reporting, selected; lists: non-compliant, never reported.
        case compliantShare(min: Double, max: Double)
        /// counts and lists as compliantShare.
        case compliantInstances(min: Int, max: Int)
        /// counts: instances; lists: instances.
        case instancesWithState(PatchComplianceState, min: Int, max: Int)
        case noRebootOutsideWindow
        case concurrencyWithinMax
        case noBlockedPackageInstalled
        /// counts: overwrites; lists: the nodes they hit.
        case noComplianceSourceConflict
        case scannedWithin(days: Int)
    }

    public var check: Check
    public var counts: [Int]
    public var lists: [[String]]

    public init(check: Check, counts: [Int], lists: [[String]]) {
        self.check = check
        self.counts = counts
        self.lists = lists.map { Array($0.sorted().prefix(Expectation.maxExamples)) }
    }

    /// The tally of two disjoint parts together (same check).
    public func merged(with other: Tally) -> Tally {
        Tally(check: check, counts: zip(counts, other.counts).map { $0 + $1 },
              lists: zip(lists, other.lists).map { $0 + $1 })
    }

    func count(_ k: Int) -> Int { k < counts.count ? counts[k] : 0 }
    func list(_ k: Int) -> [String] { k < lists.count ? lists[k] : [] }

    public func judge(name: String, rule: String) -> Expectation.Outcome {
        func outcome(_ passed: Bool, _ expected: String, _ found: String, _ examples: [String]) -> Expectation.Outcome {
            Expectation.Outcome(name: name, rule: rule, passed: passed, expected: expected, found: found,
                                examples: Array(examples.prefix(Expectation.maxExamples)))
        }
        let n = count(0)
        switch check {
        case let .compliantShare(lo, hi):
            let (compliant, reporting, selected) = (count(0), count(1), count(2))
            let share = reporting == 0 ? 0 : Double(compliant) / Double(reporting)
            return outcome(share >= lo && share <= hi, "a compliant share of \(Wording.shareRange(lo, hi))",
                           "\(compliant) of \(reporting) reporting nodes compliant (\(Wording.percent(share)))"
                               + (selected == reporting ? "" : ", \(Wording.count(selected - reporting, "node")) never reported"), list(0) + list(1))
        case let .compliantInstances(lo, hi):
            let (compliant, reporting, selected) = (count(0), count(1), count(2))
            return outcome(compliant >= lo && compliant <= hi, Wording.range(lo, hi, "compliant node"),
                           "\(compliant) of \(reporting) reporting nodes compliant"
                               + (selected == reporting ? "" : ", \(Wording.count(selected - reporting, "node")) never reported"), list(0) + list(1))
        case let .instancesWithState(state, lo, hi):
            return outcome(n >= lo && n <= hi, Wording.range(lo, hi, "node") + " with a \(state.rawValue) patch",
                           Wording.count(n, "node"), list(0))
        case .noRebootOutsideWindow:
            return outcome(n == 0, "no reboot outside a window", "\(Wording.count(n, "reboot")) outside one", list(0))
        case .concurrencyWithinMax:
            return outcome(n == 0, "in-flight invocations never above MaxConcurrency", n == 0 ? "never above" : "\(Wording.count(n, "command")) above it", list(0))
        case .noBlockedPackageInstalled:
            return outcome(n == 0, "no package rejected with BLOCK installed by Patch Manager", "installed on \(Wording.count(n, "node"))", list(0))
        case .noComplianceSourceConflict:
            return outcome(n == 0, "no stored report replaced by another source's with another baseline or operation",
                           "\(Wording.count(n, "overwrite")) on \(Wording.count(count(1), "node"))", list(0))
        case .scannedWithin(let days):
            return outcome(n == 0, "every managed node reported within \(Wording.count(days, "day")) of the end", "\(Wording.count(n, "node")) did not", list(0))
        }
    }
}
