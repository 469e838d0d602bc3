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
        // POSIX reads straight into the array: Data and a copy of it cost a 20 MB index
        // twice over.
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(file: path, message: FileProblem.describe(path)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw InputError(file: path, message: FileProblem.describe(path))
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else {  // grown since the check above
            throw InputError(file: path, found: "a file of \(size) bytes", allowed: "at most \(maxBytes) bytes (1 GiB)")
        }
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            while count < size {
                let n = Foundation.read(fd, base + count, size - count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failed = n < 0; break }
                count += n
            }
        }
        guard !failed else { throw InputError(file: path, message: FileProblem.describe(path)) }
        // A pipe (`<(rpm -qa ...)`) has no size, and a file may grow while read: read to the end.
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, 65536) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw InputError(file: path, message: FileProblem.describe(path)) }
            if n == 0 { break }
            guard bytes.count + n <= maxBytes else {
                throw InputError(file: path, found: "a file of more than \(maxBytes) bytes", allowed: "at most \(maxBytes) bytes (1 GiB)")
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}
