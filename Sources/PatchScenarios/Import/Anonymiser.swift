import Foundation
import PatchModel

/// Replaces what identifies a customer ([17] item 4) deterministically and consistently:
/// each value maps to a replacement derived from HMAC-SHA-256 under the key and the
/// value's kind, so the same value gets the same replacement in every file, and a tag
/// value that is a patch group stays the patch group its registration names. Package
/// names, versions, KB ids, OS names and schedules are kept. `identity()` replaces nothing.
public final class Anonymiser: @unchecked Sendable {
    public let enabled: Bool
    private let key: [UInt8]
    /// Every original → replacement made, so a last pass can catch a value that appears
    /// inside another string (an ARN holding the account id, a tag value in a Description).
    public private(set) var replaced: [String: String] = [:]

    /// The tag keys Patch Manager itself reads: kept, or patch groups would stop working.
    public static let keptTagKeys: Set<String> = ["Patch Group", "PatchGroup"]

    public init(key: String) {
        enabled = true
        self.key = Array(key.utf8)
    }

    private init() {
        enabled = false
        key = []
    }

    public static func identity() -> Anonymiser { Anonymiser() }

    private func digest(_ kind: String, _ value: String) -> String {
        KeyedDigest.hex(KeyedDigest.hmac(key: key, message: Array("\(kind)\u{0}\(value)".utf8)))
    }

    /// Originals the last pass looks for inside other strings: ids, addresses and host
    /// names only (a tag value may also be a package name, which must stay).
    private var scrubbed: Set<String> = []

    private func remember(_ original: String, _ replacement: String, scrub: Bool = false) -> String {
        if !original.isEmpty { replaced[original] = replacement }
        if scrub && original.count >= 4 { scrubbed.insert(original) }
        return replacement
    }

    public func instanceId(_ id: String) -> String {
        guard enabled else { return id }
        let d = digest("instance", id)
        let replacement = id.hasPrefix("mi-") ? "mi-0" + d.prefix(16) : "i-0" + d.prefix(16)
        return remember(id, replacement, scrub: true)
    }

    public func accountId(_ id: String) -> String {
        guard enabled, !id.isEmpty else { return id }
        let digits = digest("account", id).unicodeScalars.prefix(12).map { String(Int($0.value) % 10) }.joined()
        return remember(id, "9" + digits.dropFirst(), scrub: true)
    }

    public func ipAddress(_ ip: String) -> String {
        guard enabled, !ip.isEmpty else { return ip }
        let bytes = KeyedDigest.hmac(key: key, message: Array("ip\u{0}\(ip)".utf8))
        return remember(ip, "10.\(bytes[0]).\(bytes[1]).\(max(1, bytes[2]))", scrub: true)
    }

    /// Computer names, DNS names, bucket names, owner information: a word and a digest.
    public func name(_ kind: String, _ value: String) -> String {
        guard enabled, !value.isEmpty else { return value }
        return remember(value, "\(kind)-" + digest(kind, value).prefix(10), scrub: kind == "host" || kind == "dns" || kind == "bucket")
    }

    public func tagKey(_ k: String) -> String {
        guard enabled, !Self.keptTagKeys.contains(k) else { return k }
        return remember(k, "key-" + digest("tag-key", k).prefix(8))
    }

    /// A tag value, patch group names included (the same mapping for both).
    public func tagValue(_ v: String) -> String {
        guard enabled, !v.isEmpty else { return v }
        return remember(v, "value-" + digest("tag-value", v).prefix(8))
    }

    /// The last pass over a written file: an id, address or host name still inside a
    /// longer string (an ARN, a URL, a description naming a host) is replaced where it
    /// stands as a whole word. Longer originals first, so one holding another goes whole.
    public func scrub(_ text: String) -> String {
        guard enabled else { return text }
        var out = text
        for original in scrubbed.sorted(by: { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }) where out.contains(original) {
            out = Self.replaceWords(original, with: replaced[original] ?? original, in: out)
        }
        return out
    }

    static func replaceWords(_ word: String, with replacement: String, in text: String) -> String {
        func isWordCharacter(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber } ?? false }
        var out = ""
        var rest = text[...]
        while let r = rest.range(of: word) {
            let before = r.lowerBound == rest.startIndex ? out.last : rest[rest.index(before: r.lowerBound)]
            let after = r.upperBound == rest.endIndex ? nil : rest[r.upperBound]
            out += rest[..<r.lowerBound]
            out += !isWordCharacter(before) && !isWordCharacter(after) ? replacement : word
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
