import PatchModel

/// `patchsim vercmp`: the native version order of rpm, rpm EVR labels, or dpkg.
enum VercmpCommand: Command {
    static let name = "vercmp"
    static let abstract = "Compare versions the way rpm or dpkg does (-1, 0, 1)."
    static let usage = "usage: patchsim vercmp --scheme rpm|evr|deb [A B]"
    static let help = """
        \(usage)

        Prints -1, 0 or 1: A is older than, equal to, or newer than B.

          --scheme rpm   bare strings, rpm's segment comparison (rpmvercmp): `~` sorts
                         before everything, `^` after the base version, numbers beat letters
          --scheme evr   full labels [epoch:]version[-release]: missing epoch is 0, a label
                         without a release is older than the same version with one
          --scheme deb   Debian versions, as `dpkg --compare-versions` orders them

        With no A B, reads lines `A<TAB>B` from standard input and prints one result per
        line, streaming. A Debian version dpkg refuses is an error naming the line (exit 2);
        one dpkg only warns about is compared, with the warning on standard error.

        Examples:
          patchsim vercmp --scheme rpm 1.0~rc1 1.0        # -1
          printf '1:2.0-1\\t2.0-1\\n' | patchsim vercmp --scheme deb   # 1
        """

    enum Scheme: String { case rpm, evr, deb }

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        let args = try Arguments(raw, options: ["--scheme"], usage: usage)
        guard let schemeName = try args.choice("--scheme", ["rpm", "evr", "deb"]),
              let scheme = Scheme(rawValue: schemeName) else {
            throw UsageError(message: "vercmp needs --scheme rpm|evr|deb", usage: usage)
        }
        switch args.positionals.count {
        case 2:
            let r = try compare(scheme, args.positionals[0], args.positionals[1], file: "<arguments>", line: nil, console: console)
            console.out.writeLine(String(r))
            return ExitCode.success
        case 0:
            return try stream(scheme, console: console)
        default:
            throw UsageError(message: "vercmp takes two versions, or none to read A<TAB>B lines", usage: usage)
        }
    }

    /// One comparison from two strings.
    static func compare(_ scheme: Scheme, _ a: String, _ b: String, file: String, line: Int?, console: Console) throws -> Int {
        switch scheme {
        case .rpm:
            return RPMVersionComparison.compare(a, b)
        case .evr:
            var a = a, b = b
            let r = a.withUTF8 { ua in b.withUTF8 { ub in RPMVersion.compareLabels(ua, ub) } }
            guard let r else {
                throw InputError(file: file, location: line.map { .line($0) } ?? .none,
                                 found: "an empty EVR label", allowed: "[epoch:]version[-release]")
            }
            return r
        case .deb:
            // `dpkg --compare-versions` treats an empty version as earlier than any other.
            let x = try debian(a, file: file, line: line, console: console)
            let y = try debian(b, file: file, line: line, console: console)
            switch (x, y) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?): return DebianVersion.compare(x, y)
            }
        }
    }

    /// dpkg's reading of one side: empty or `<unknown>` is the blank version (nil), a
    /// warning is reported and the comparison goes on, an error stops.
    static func debian(_ text: String, file: String, line: Int?, console: Console) throws -> DebianVersion? {
        if text.isEmpty || text == "<unknown>" { return nil }
        let loc: InputError.Location = line.map { .line($0) } ?? .none
        switch DebianVersion.parse(text) {
        case .valid(let v):
            return v
        case .warning(let v, let problem):
            let at = line.map { "\(file): line \($0): " } ?? ""
            console.err.writeLine("warning: \(at)version '\(InputError.cut(text))' has bad syntax: \(problem)")
            return v
        case .invalid(let problem):
            throw InputError(file: file, location: loc, message: "version '\(InputError.cut(text))' has bad syntax: \(problem)")
        }
    }

    /// `debian` on bytes: nil for the blank version, the parts otherwise.
    static func debianParts(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, console: Console) throws -> DebianVersion.Parts? {
        if bytes.isEmpty || bytes.elementsEqual("<unknown>".utf8) { return nil }
        switch DebianVersion.parts(bytes) {
        case .success(let p):
            if let problem = p.warning {
                let text = String(decoding: bytes, as: UTF8.self)
                console.err.writeLine("warning: <stdin>: line \(line): version '\(InputError.cut(text))' has bad syntax: \(problem)")
            }
            return p
        case .failure(let problem):
            let text = String(decoding: bytes, as: UTF8.self)
            throw InputError(file: "<stdin>", location: .line(line), message: "version '\(InputError.cut(text))' has bad syntax: \(problem)")
        }
    }

    /// Streams `A<TAB>B` lines; no scheme builds a String per line.
    static func stream(_ scheme: Scheme, console: Console) throws -> Int32 {
        var lineNumber = 0
        let results: [StaticString] = ["-1\n", "0\n", "1\n"]
        while true {
            let more: Bool? = try console.input.next { bytes -> Bool in
                lineNumber += 1
                guard let tab = bytes.firstIndex(of: 0x09) else {
                    throw InputError(file: "<stdin>", location: .line(lineNumber),
                                     found: "no TAB", allowed: "lines of the form A<TAB>B")
                }
                let a = UnsafeBufferPointer(rebasing: bytes[..<tab])
                let b = UnsafeBufferPointer(rebasing: bytes[(tab + 1)...])
                let r: Int
                switch scheme {
                case .rpm:
                    r = RPMVersionComparison.compare(a, b)
                case .evr:
                    guard let c = RPMVersion.compareLabels(a, b) else {
                        throw InputError(file: "<stdin>", location: .line(lineNumber),
                                         found: "an empty EVR label", allowed: "[epoch:]version[-release]")
                    }
                    r = c
                case .deb:
                    // Read in place (no String per line); warnings and errors as `debian` gives them.
                    let x = try debianParts(a, line: lineNumber, console: console), y = try debianParts(b, line: lineNumber, console: console)
                    switch (x, y) {
                    case (nil, nil): r = 0
                    case (nil, _): r = -1
                    case (_, nil): r = 1
                    case let (x?, y?): r = DebianVersion.compareParts(x, in: a, y, in: b)
                    }
                }
                results[r + 1].withUTF8Buffer { console.out.append($0) }
                return true
            }
            if more == nil { break }
        }
        return ExitCode.success
    }
}
