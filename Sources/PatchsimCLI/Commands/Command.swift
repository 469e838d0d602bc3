/// One `patchsim` subcommand: its name, its help, and what it does.
protocol Command: SendableMetatype {
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The synopsis, printed after a usage error.
    static var usage: String { get }
    /// The full help text (`patchsim help NAME`).
    static var help: String { get }
    /// Runs with the arguments after the command name; returns the exit code.
    static func run(_ arguments: [String], console: Console) throws -> Int32
}

/// Exit codes shared by every command.
enum ExitCode {
    static let success: Int32 = 0
    /// An expectation failed (`run`), or the answer is "no".
    static let failure: Int32 = 1
    /// Invalid input or usage.
    static let invalidInput: Int32 = 2
}
