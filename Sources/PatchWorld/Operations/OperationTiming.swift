import PatchModel

/// How long the steps of an `AWS-RunPatchBaseline` run take on one machine image: each
/// step is a base duration plus a seeded jitter below a bound, so nodes of one image doing
/// the same work finish at different instants and a window can hit its cutoff.
///
/// The sources give no durations. Use (AMBIGUOUS): the per-family table below, which
/// follows the usual shape of each package manager — apt and yum resolve quickly, a
/// Windows Update search and cumulative updates take many minutes and each of its
/// reboots several, macOS updates are large. A scenario image may override any figure
/// (`timing`), which is how a regression case pins a run to the second.
public struct OperationTiming: Hashable, Sendable {
    /// `seconds` plus a draw in `0..<jitter` (jitter 0 or 1: exactly `seconds`).
    public struct Step: Hashable, Sendable {
        public var seconds: Int64
        public var jitter: Int
        public init(seconds: Int64, jitter: Int) {
            self.seconds = seconds
            self.jitter = jitter
        }
    }

    /// The scan that starts every operation (repository metadata, evaluation).
    public var scan: Step
    /// Each package (Linux, macOS) or update (Windows) installed.
    public var installPerPatch: Step
    /// Each reboot, from the request to the agent reporting again.
    public var reboot: Step

    public init(scan: Step, installPerPatch: Step, reboot: Step) {
        self.scan = scan
        self.installPerPatch = installPerPatch
        self.reboot = reboot
    }

    /// Use: the default table per package family.
    public static func standard(for family: PackageFamily) -> OperationTiming {
        switch family {
        case .yumDNF, .zypper:
            return OperationTiming(scan: Step(seconds: 60, jitter: 30), installPerPatch: Step(seconds: 20, jitter: 20),
                                   reboot: Step(seconds: 120, jitter: 60))
        case .apt:
            return OperationTiming(scan: Step(seconds: 45, jitter: 30), installPerPatch: Step(seconds: 15, jitter: 15),
                                   reboot: Step(seconds: 90, jitter: 60))
        case .windows:
            return OperationTiming(scan: Step(seconds: 240, jitter: 180), installPerPatch: Step(seconds: 420, jitter: 360),
                                   reboot: Step(seconds: 300, jitter: 240))
        case .macOS:
            return OperationTiming(scan: Step(seconds: 90, jitter: 60), installPerPatch: Step(seconds: 240, jitter: 240),
                                   reboot: Step(seconds: 240, jitter: 120))
        }
    }
}
