/// What a managed node's id looks like in the SSM model: `i-` and 8 or 17 word
/// characters (EC2), or `mi-` and 17 (hybrid nodes), the pattern of `InstanceId`.
public enum InstanceIdentity {
    public static func isInstanceId(_ s: String) -> Bool {
        let body: Substring
        if s.hasPrefix("mi-") {
            body = s.dropFirst(3)
            guard body.count == 17 else { return false }
        } else if s.hasPrefix("i-") {
            body = s.dropFirst(2)
            guard body.count == 8 || body.count == 17 else { return false }
        } else {
            return false
        }
        return body.unicodeScalars.allSatisfy { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
