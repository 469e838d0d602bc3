/// The structural difference of two JSON documents, as a reader wants it: one line per
/// changed value, with its path, the old value and the new.
///
/// Arrays of objects that share an identifying member (`InstanceId`, `KBId`,
/// `WindowExecutionId`, ...) with distinct values are matched by it, so one node added to
/// a list reads as one added element (`instancePatchStates[InstanceId=i-0a…]`), not as
/// every later element changed. Other arrays are compared position by position.
/// O(size of both documents), plus a dictionary per keyed array.
public struct JSONDifference: Equatable, Sendable {
    public var path: String
    /// The old and the new value, compact; nil where the value is absent on that side.
    public var old: String?
    public var new: String?

    public init(path: String, old: String?, new: String?) {
        self.path = path
        self.old = old
        self.new = new
    }

    /// Members that identify an element of a list, in the order they are tried.
    public static let identifyingMembers = ["InstanceId", "KBId", "WindowExecutionId", "TaskExecutionId", "InvocationId", "CommandId",
                                            "ExecutionId", "WindowTaskId", "WindowTargetId", "WindowId", "BaselineId", "PatchGroup", "name", "Name"]

    /// Every difference from `old` to `new`, in document order; `ignoring` is called with
    /// each path and skips what it accepts.
    public static func between(_ old: JSONValue, _ new: JSONValue, ignoring: (String) -> Bool = { _ in false }) -> [JSONDifference] {
        var out: [JSONDifference] = []
        compare(old, new, path: "", into: &out, ignoring: ignoring)
        return out
    }

    /// `path: old → new`, with `(absent)` for a missing side.
    public var line: String { "\(path.isEmpty ? "(document)" : path): \(old ?? "(absent)") → \(new ?? "(absent)")" }

    static func compare(_ a: JSONValue, _ b: JSONValue, path: String, into out: inout [JSONDifference], ignoring: (String) -> Bool) {
        if ignoring(path) { return }
        switch (a.kind, b.kind) {
        case let (.object(x), .object(y)):
            let yIndex = Dictionary(y.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
            let xKeys = Set(x.map(\.0))
            for (key, value) in x {
                let p = join(path, key)
                if let other = yIndex[key] { compare(value, other, path: p, into: &out, ignoring: ignoring) }
                else if !ignoring(p) { out.append(JSONDifference(path: p, old: text(value), new: nil)) }
            }
            for (key, value) in y where !xKeys.contains(key) {
                let p = join(path, key)
                if !ignoring(p) { out.append(JSONDifference(path: p, old: nil, new: text(value))) }
            }
        case let (.array(x), .array(y)):
            if let key = identifyingMember(x, y) {
                let yIndex = Dictionary(y.map { (identity($0, key) ?? "", $0) }, uniquingKeysWith: { first, _ in first })
                var seen: Set<String> = []
                for element in x {
                    let id = identity(element, key) ?? ""
                    seen.insert(id)
                    let p = "\(path)[\(key)=\(id)]"
                    if let other = yIndex[id] { compare(element, other, path: p, into: &out, ignoring: ignoring) }
                    else if !ignoring(p) { out.append(JSONDifference(path: p, old: text(element), new: nil)) }
                }
                for element in y {
                    let id = identity(element, key) ?? ""
                    let p = "\(path)[\(key)=\(id)]"
                    if !seen.contains(id) && !ignoring(p) { out.append(JSONDifference(path: p, old: nil, new: text(element))) }
                }
            } else {
                for k in 0..<max(x.count, y.count) {
                    let p = "\(path)[\(k)]"
                    switch (k < x.count ? x[k] : nil, k < y.count ? y[k] : nil) {
                    case let (l?, r?): compare(l, r, path: p, into: &out, ignoring: ignoring)
                    case let (l?, nil): if !ignoring(p) { out.append(JSONDifference(path: p, old: text(l), new: nil)) }
                    case let (nil, r?): if !ignoring(p) { out.append(JSONDifference(path: p, old: nil, new: text(r))) }
                    case (nil, nil): break
                    }
                }
            }
        default:
            let l = text(a), r = text(b)
            if l != r { out.append(JSONDifference(path: path, old: l, new: r)) }
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The first identifying member every element of both lists has, as a string, with no
    /// value repeated within a list, and that both lists mostly share. Ids drawn from the
    /// seed (execution ids) differ wholesale between two seeds: those lists are compared
    /// by position, so a changed end time reads as that, not as one removal and one addition.
    static func identifyingMember(_ x: [JSONValue], _ y: [JSONValue]) -> String? {
        guard !(x.isEmpty && y.isEmpty) else { return nil }
        for key in identifyingMembers {
            var sets: [Set<String>] = []
            for list in [x, y] {
                var values: Set<String> = []
                for e in list {
                    guard let v = identity(e, key), values.insert(v).inserted else { break }
                }
                if values.count == list.count { sets.append(values) }
            }
            guard sets.count == 2 else { continue }
            let shared = sets[0].intersection(sets[1]).count
            if x.isEmpty || y.isEmpty || 2 * shared >= min(x.count, y.count) { return key }
        }
        return nil
    }

    static func identity(_ v: JSONValue, _ key: String) -> String? {
        guard case .string(let s)? = v[key]?.kind else { return nil }
        return s
    }

    /// A value on one line, cut to a readable length.
    static func text(_ v: JSONValue) -> String {
        let s = JSONOutput(v).compact()
        return s.count > 160 ? String(s.prefix(157)) + "..." : s
    }
}
