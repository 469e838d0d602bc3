import Foundation
import PatchModel

/// The files one command writes, handled as a set ([21]): every path is checked before
/// the run starts, everything is rendered in memory, each file is written to a temporary
/// beside it, and only when all are written are they renamed into place. A bad path or
/// a full disk leaves none of them (never the report without the JUnit file).
struct OutputSet {
    private struct Output {
        var option: String
        var path: String
        var render: () throws -> String
    }
    private var outputs: [Output] = []
    /// Folders this set will create (`--csv DIR`, `--findings DIR` and their scenario folders).
    private var folders: [String] = []

    /// Checks that `path`, the value of `option`, can be written as a file: not a folder,
    /// in a folder that exists and is writable. Called before any work.
    static func checkFile(_ path: String, option: String) throws {
        guard !path.isEmpty else { throw InputError(file: "<empty path>", message: "option '\(option)': the path is empty") }
        if let problem = problemWriting(path) { throw InputError(file: path, message: "option '\(option)': \(problem)") }
    }

    /// Checks that `dir`, the value of `option`, is a folder or can be created as one.
    static func checkFolder(_ dir: String, option: String) throws {
        guard !dir.isEmpty else { throw InputError(file: "<empty path>", message: "option '\(option)': the path is empty") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw InputError(file: dir, message: "option '\(option)': is a file, not a folder") }
            guard FileManager.default.isWritableFile(atPath: dir) else { throw InputError(file: dir, message: "option '\(option)': permission denied: cannot write in it") }
            return
        }
        // A folder to create: its nearest existing ancestor must be a writable folder.
        var ancestor = PathText.parent(dir)
        while !ancestor.isEmpty, !FileManager.default.fileExists(atPath: ancestor) { ancestor = PathText.parent(ancestor) }
        let base = ancestor.isEmpty ? "." : ancestor
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: dir, message: "option '\(option)': \(base) is a file, not a folder")
        }
        guard FileManager.default.isWritableFile(atPath: base) else {
            throw InputError(file: dir, message: "option '\(option)': permission denied: cannot create a folder in \(base)")
        }
    }

    private static func problemWriting(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "is a folder, not a file" }
            if !FileManager.default.isWritableFile(atPath: path) { return "permission denied: the file cannot be replaced" }
        }
        let parent = PathText.parent(path)
        let folder = parent.isEmpty ? "." : parent
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return "the folder \(folder) does not exist" }
        guard isDirectory.boolValue else { return "\(folder) is a file, not a folder" }
        guard FileManager.default.isWritableFile(atPath: folder) else { return "permission denied: cannot write in \(folder)" }
        return nil
    }

    /// A file name made from a name found in input (a scenario's `name`): one path
    /// component that stays inside its folder whatever the name holds.
    static func component(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "/", "\\", ":", "*", "?", "\"", "<", ">", "|": out += "_"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "_"
            default: out.unicodeScalars.append(scalar)
            }
        }
        if out.isEmpty || out.hasPrefix(".") { out = "_" + out }
        // File names are at most 255 bytes; keep well under.
        while out.utf8.count > 120 { out.removeLast() }
        return out
    }

    /// A folder to create (if missing) before the files are written, removed again if
    /// writing fails.
    mutating func addFolder(_ dir: String) {
        if !folders.contains(dir) { folders.append(dir) }
    }

    mutating func add(option: String, path: String, render: @escaping () throws -> String) {
        outputs.append(Output(option: option, path: path, render: render))
    }

    /// `DIR/<name>/` for each scenario name, made safe (one path component inside DIR),
    /// with the files `files(k)` gives for scenario k. Two names that would share a
    /// folder are refused: one run's outputs never overwrite each other.
    mutating func addPerScenario(option: String, dir: String, names: [String],
                                 files: @escaping (Int) -> [(name: String, text: () throws -> String)]) throws {
        folders.append(dir)
        var used: [String: String] = [:]
        for (k, name) in names.enumerated() {
            let component = Self.component(name)
            if let other = used[component] {
                throw InputError(file: dir, message: "option '\(option)': scenarios '\(InputError.cut(other))' and '\(InputError.cut(name))' would both write \(component)/; give them different names")
            }
            used[component] = name
            let folder = (dir as NSString).appendingPathComponent(component)
            folders.append(folder)
            for file in files(k) { add(option: option, path: (folder as NSString).appendingPathComponent(file.name), render: file.text) }
        }
    }

    /// Renders every output, then writes them all or none.
    func write() throws {
        var seen: [String: String] = [:]
        for o in outputs {
            let key = URL(fileURLWithPath: o.path).standardizedFileURL.path
            if let other = seen[key] { throw InputError(file: o.path, message: "options '\(other)' and '\(o.option)' name the same file") }
            seen[key] = o.option
        }
        let texts = try outputs.map { try $0.render() }
        var created: [String] = []
        var temporaries: [String] = []
        func undo() {
            for t in temporaries { unlink(t) }
            for f in created.reversed() { rmdir(f) }
        }
        do {
            for f in folders where !FileManager.default.fileExists(atPath: f) {
                do { try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true) }
                catch { throw InputError(file: f, message: "cannot create the folder: \(FileProblem.describeWrite(f, error))") }
                created.append(f)
            }
            for (o, text) in zip(outputs, texts) {
                let temporary = o.path + ".patchsim-partial"
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: temporary)) }
                catch {
                    unlink(temporary)
                    throw InputError(file: o.path, message: "option '\(o.option)': cannot write the file: \(FileProblem.describeWrite(temporary, error))")
                }
                temporaries.append(temporary)
            }
        } catch {
            undo()
            throw error
        }
        for (o, temporary) in zip(outputs, temporaries) where rename(temporary, o.path) != 0 {
            let problem = FileProblem.posix(errno, o.path)
            undo()
            throw InputError(file: o.path, message: "option '\(o.option)': cannot write the file: \(problem)")
        }
    }
}
