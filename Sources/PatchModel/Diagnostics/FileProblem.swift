import Foundation

/// Why a file cannot be read or written, in words (not `NSCocoaErrorDomain error 512`).
public enum FileProblem {
    /// Why reading `path` fails.
    public static func describe(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let parent = PathText.parent(path)
            if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) { return "no such file: the folder \(parent) does not exist" }
            return "no such file"
        }
        if isDirectory.boolValue { return "is a folder, not a file" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied: the file cannot be read" }
        return "cannot read the file"
    }

    /// Why listing the folder `path` fails.
    public static func describeFolder(_ path: String) -> String {
        guard !path.isEmpty else { return "no folder named: the path is empty" }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such folder" }
        if !isDirectory.boolValue { return "is a file, not a folder" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied: the folder cannot be listed" }
        return "cannot list the folder"
    }

    /// Why writing `path` fails (or would fail), from the error the write gave, if any.
    public static func describeWrite(_ path: String, _ error: Error? = nil) -> String {
        if let e = error as? CocoaError, let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posix(Int32(underlying.code), path)
        }
        if let e = error as NSError?, e.domain == NSPOSIXErrorDomain { return posix(Int32(e.code), path) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return "is a folder, not a file" }
        let parent = PathText.parent(path)
        let folder = parent.isEmpty ? "." : parent
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) { return "the folder \(folder) does not exist" }
        if !isDirectory.boolValue { return "\(folder) is a file, not a folder" }
        if !FileManager.default.isWritableFile(atPath: folder) { return "permission denied: cannot write in \(folder)" }
        return "cannot write the file"
    }

    public static func posix(_ code: Int32, _ path: String) -> String {
        switch code {
        case ENOSPC: return "no space left on the device"
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "the folder \(PathText.parent(path)) does not exist"
        case EISDIR: return "is a folder, not a file"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EROFS: return "the file system is read-only"
        case EDQUOT: return "the disk quota is exhausted"
        case ENAMETOOLONG: return "the path is too long"
        default: return String(cString: strerror(code))
        }
    }
}

/// Reading a whole input file, the one way every reader does it: an empty path, a
/// missing or unreadable file, a folder and a file larger than `maxBytes` are errors in
/// words naming the file, so no file's size turns into an unchecked allocation.
public enum InputFile {
    /// 1 GiB: far above any real repository metadata (a large uncompressed primary.xml
    /// is a few hundred MB), well below what would exhaust memory while parsing.
    public static let maxBytes = 1 << 30

    public static func read(_ path: String) throws -> [UInt8] {
        guard !path.isEmpty else { throw InputError(file: "<empty path>", message: "no file named: the path is empty") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.int64Value > Int64(maxBytes) {
            throw InputError(file: path, found: "a file of \(size.int64Value) bytes", allowed: "at most \(maxBytes) bytes (1 GiB)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: FileProblem.describe(path))
        }
        return [UInt8](data)
    }
}
