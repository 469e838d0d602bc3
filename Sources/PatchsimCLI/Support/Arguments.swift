/// A command line wrong in form: unknown command or flag, missing or malformed value.
/// Printed as one line followed by the command's usage; exit code 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    var usage: String
    var description: String { message }
}

/// Hand-written argument handling: `--flag value`, `--flag=value`, boolean `--flag`,
/// and positionals. Each command declares its flags; anything else is a usage error.
struct Arguments {
    private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var switches: Set<String> = []
    let usage: String

    /// - Parameters:
    ///   - options: flags that take a value (`--scheme`).
    ///   - flags: flags that take none (`--quiet`).
    init(_ raw: [String], options: Set<String>, flags: Set<String> = [], usage: String) throws {
        self.usage = usage
        var k = 0
        var onlyPositionals = false
        while k < raw.count {
            let arg = raw[k]
            k += 1
            if onlyPositionals || !arg.hasPrefix("--") || arg == "-" {
                if !onlyPositionals, arg.hasPrefix("-"), arg.count > 1, Double(arg) == nil {
                    throw UsageError(message: "unknown option '\(arg)'", usage: usage)
                }
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = arg
            var inline: String? = nil
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            if options.contains(name) {
                guard let value = inline ?? (k < raw.count ? raw[k] : nil) else {
                    throw UsageError(message: "option '\(name)' needs a value", usage: usage)
                }
                if inline == nil { k += 1 }
                // No option takes an empty value: an empty path or number is a mistake about this option.
                guard !value.isEmpty else { throw UsageError(message: "option '\(name)': the value is empty", usage: usage) }
                values[name, default: []].append(value)
            } else if flags.contains(name), inline == nil {
                switches.insert(name)
            } else {
                throw UsageError(message: "unknown option '\(name)'", usage: usage)
            }
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { switches.contains(name) }

    /// A value that must be one of `allowed`.
    func choice(_ name: String, _ allowed: [String], default fallback: String? = nil) throws -> String? {
        guard let v = value(name) else { return fallback }
        guard allowed.contains(v) else {
            throw UsageError(
                message: "option '\(name)': '\(v)' is not one of \(allowed.joined(separator: ", "))", usage: usage)
        }
        return v
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = value(name) else { return nil }
        guard let n = Int(v), range.contains(n) else {
            throw UsageError(message: "option '\(name)': '\(v)' is not an integer in \(range)", usage: usage)
        }
        return n
    }
}
