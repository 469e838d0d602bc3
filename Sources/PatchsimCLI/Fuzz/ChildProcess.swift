import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command as a child process with a memory limit (`ulimit -v`) and a time limit,
/// standard output and error to files: how the fuzzer sees a crash (a signal), an
/// out-of-memory death (a signal once allocation fails) or a hang (the limit passes).
/// The fuzzer is a tool around the engine; its clock never reaches a simulation.
struct ChildProcess {
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
        case couldNotStart(String)
    }

    struct Result {
        var ending: Ending
        var stdout: [UInt8]
        var stderr: [UInt8]
        var seconds: Double
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String, stdin: [UInt8] = [],
                    timeLimit: Double, memoryLimitMB: Int) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // `exec` keeps the pid: the signal that ends the shell's child is the child's.
        process.arguments = ["-c", "ulimit -v \(memoryLimitMB * 1024) 2>/dev/null; exec \"$0\" \"$@\" < \"$PATCHSIM_FUZZ_STDIN\"", executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outPath = (directory as NSString).appendingPathComponent(".fuzz-stdout")
        let errPath = (directory as NSString).appendingPathComponent(".fuzz-stderr")
        let inPath = (directory as NSString).appendingPathComponent(".fuzz-stdin")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin))
        var environment = ProcessInfo.processInfo.environment
        environment["PATCHSIM_FUZZ_STDIN"] = inPath
        process.environment = environment
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
            return Result(ending: .couldNotStart("cannot create output files in \(directory)"), stdout: [], stderr: [], seconds: 0)
        }
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        let started = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }
        do { try process.run() } catch {
            return Result(ending: .couldNotStart("\(error)"), stdout: [], stderr: [], seconds: 0)
        }
        var timedOut = false
        while process.isRunning {
            if elapsed() > timeLimit {
                timedOut = true
                // Foundation starts the child in its own process group: end all of it.
                kill(-process.processIdentifier, SIGKILL)
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        let seconds = elapsed()
        let stdout = [UInt8](FileManager.default.contents(atPath: outPath) ?? Data())
        let stderr = [UInt8](FileManager.default.contents(atPath: errPath) ?? Data())
        for p in [outPath, errPath, inPath] { unlink(p) }
        if timedOut { return Result(ending: .timedOut, stdout: stdout, stderr: stderr, seconds: seconds) }
        switch process.terminationReason {
        case .uncaughtSignal: return Result(ending: .signalled(process.terminationStatus), stdout: stdout, stderr: stderr, seconds: seconds)
        default: return Result(ending: .exited(process.terminationStatus), stdout: stdout, stderr: stderr, seconds: seconds)
        }
    }
}
