import PatchModel

/// The `patchsim` command line: dispatch, help and version. Errors in what the user
/// typed print one line plus the usage and exit 2; errors in files they wrote print
/// the file, the place in it and what is allowed, and exit 2.
public enum Patchsim {
    public static let version = "0.1.0"

    static let commands: [any Command.Type] = [
        RunCommand.self,
        CheckCommand.self,
        VercmpCommand.self,
        ScanCommand.self,
        BaselinesCommand.self,
        ProductsCommand.self,
        RepoCommand.self,
        InventoryCommand.self,
        ScheduleCommand.self,
        BenchCommand.self,
        MergeCommand.self,
        DiffCommand.self,
        ExplainCommand.self,
        SweepCommand.self,
        ShrinkCommand.self,
        ImportCommand.self,
        ExportScriptCommand.self,
    ]
    /// Commands for developing patchsim itself, left out of the list (`patchsim help fuzz` works).
    static let hiddenCommands: [any Command.Type] = [FuzzCommand.self]

    static let usage = "usage: patchsim <command> [options]   (patchsim --help lists the commands)"

    static var overview: String {
        var text = """
            patchsim \(version): a deterministic simulator of AWS Systems Manager Patch Manager.

            \(usage)

            Commands:

            """
        for c in commands {
            text += "  " + c.name.padding(14) + c.abstract + "\n"
        }
        text += """
              \("help".padding(14))Show help for a command: patchsim help <command>

            Options:
              --help      Show this help
              --version   Print the version
            """
        return text
    }

    /// Runs the command line (without the program name) and returns the exit code.
    public static func main(_ arguments: [String]) -> Int32 {
        let console = Console.standard()
        let code = run(arguments, console: console)
        console.flush()
        return code
    }

    static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.err.writeLine(overview)
            return ExitCode.invalidInput
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "--help", "-h":
            console.out.writeLine(overview)
            return ExitCode.success
        case "--version":
            console.out.writeLine("patchsim \(version)")
            return ExitCode.success
        case "help":
            guard let name = rest.first, name != "help" else {
                console.out.writeLine(rest.first == "help" ? "usage: patchsim help COMMAND\n\nPrints a command's help, e.g. patchsim help run. patchsim --help lists the commands." : overview)
                return ExitCode.success
            }
            guard let command = (commands + hiddenCommands).first(where: { $0.name == name }) else {
                console.err.writeLine("patchsim: unknown command '\(InputError.cut(name))'")
                console.err.writeLine(usage)
                return ExitCode.invalidInput
            }
            console.out.writeLine(command.help)
            return ExitCode.success
        default:
            guard let command = (commands + hiddenCommands).first(where: { $0.name == first }) else {
                console.err.writeLine("patchsim: unknown command '\(InputError.cut(first))'")
                console.err.writeLine(usage)
                return ExitCode.invalidInput
            }
            if rest.contains("--help") {
                console.out.writeLine(command.help)
                return ExitCode.success
            }
            do {
                return try command.run(rest, console: console)
            } catch let error as UsageError {
                console.err.writeLine("patchsim \(command.name): \(InputError.cut(error.message, limit: 2000))")
                console.err.writeLine(error.usage)
                return ExitCode.invalidInput
            } catch let error as InputError {
                console.err.writeLine("patchsim \(command.name): \(error)")
                return ExitCode.invalidInput
            } catch {
                console.err.writeLine("patchsim \(command.name): \(InputError.cut("\(error)", limit: 2000))")
                return ExitCode.invalidInput
            }
        }
    }
}

extension String {
    /// Pads with spaces to `width` characters (help columns).
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
