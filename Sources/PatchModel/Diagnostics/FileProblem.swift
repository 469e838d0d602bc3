import Foundation

/// Why a file cannot be read or written, in words (not `NSCocoaErrorDomain error 512`).
public enum FileProblem {
    /// Why reading `path` fails.
    public static func describe(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let parent = (path as NSString).deletingLastPathComponent
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
        let parent = (path as NSString).deletingLastPathComponent
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
        case ENOENT: return "the folder \((path as NSString).deletingLastPathComponent) does not exist"
        case EISDIR: return "is a folder, not a file"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EROFS: return "the file system is read-only"
        case EDQUOT: return "the disk quota is exhausted"
        case ENAMETOOLONG: return "the path is too long"
        default: return String(cString: strerror(code))
        }
    }
}
