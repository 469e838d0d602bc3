import PatchModel

/// The SSM document a command runs ([OP-1], [OP-3], [OP-4]): the patch documents with
/// their semantics, or any other Command document (`AWS-RunShellScript`,
/// `AWS-RunPowerShellScript`, ...), which runs for its declared time and succeeds unless
/// the node cannot run it (Use: patchsim models patching, not scripts).
public enum CommandDocument: Sendable, Equatable {
    case runPatchBaseline
    /// The hook documents and how long each runs (`AWS-Noop` takes no time).
    case runPatchBaselineWithHooks(preInstall: Hook, postInstall: Hook, onExit: Hook)
    /// `BaselineTags` (one Key=...,Values=... pair) choosing the baseline by tag.
    case runPatchBaselineAssociation(baselineTags: BaselineTag?)
    case other(name: String, seconds: Int64)

    public struct Hook: Sendable, Equatable {
        public var document: String
        public var seconds: Int64
        public init(document: String = "AWS-Noop", seconds: Int64 = 0) {
            self.document = document
            self.seconds = seconds
        }
    }

    public struct BaselineTag: Sendable, Equatable {
        public var key: String
        public var values: [String]
        public init(key: String, values: [String]) {
            self.key = key
            self.values = values
        }
    }

    public static let runPatchBaselineName = "AWS-RunPatchBaseline"
    public static let withHooksName = "AWS-RunPatchBaselineWithHooks"
    public static let associationName = "AWS-RunPatchBaselineAssociation"
    /// How long a Command document other than the patch documents runs when the scenario
    /// declares no time for it (Use).
    public static let defaultSeconds: Int64 = 60

    public var name: String {
        switch self {
        case .runPatchBaseline: return Self.runPatchBaselineName
        case .runPatchBaselineWithHooks: return Self.withHooksName
        case .runPatchBaselineAssociation: return Self.associationName
        case .other(let name, _): return name
        }
    }

    /// Whether it runs AWS-RunPatchBaseline's operation (and takes its parameters).
    public var isPatchDocument: Bool {
        if case .other = self { return false }
        return true
    }
}
