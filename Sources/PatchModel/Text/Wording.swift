/// Numbers in plain words for messages people read: "1 window", "2 windows", "at least 3
/// nodes", "no node", instead of `1 windows` or `3...4611686018427387903`.
public enum Wording {
    /// `count` things: "1 window", "0 windows", "2 policies".
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? Self.plural(singular))"
    }

    /// A count range where `unbounded` (or more) means no upper bound.
    public static func range(_ lo: Int, _ hi: Int, _ singular: String, _ plural: String? = nil, unbounded: Int = Int.max / 2) -> String {
        let many = plural ?? Self.plural(singular)
        if hi >= unbounded { return lo == 0 ? "any number of \(many)" : "at least \(count(lo, singular, many))" }
        if lo == hi { return lo == 0 ? "no \(singular)" : "exactly \(count(lo, singular, many))" }
        if lo == 0 { return "at most \(count(hi, singular, many))" }
        return "\(lo) to \(hi) \(many)"
    }

    /// A share range as percentages: "100%", "at least 90%", "at most 50%", "20% to 50%".
    public static func shareRange(_ lo: Double, _ hi: Double) -> String {
        if lo == hi { return percent(lo) }
        if hi >= 1 { return "at least \(percent(lo))" }
        if lo <= 0 { return "at most \(percent(hi))" }
        return "\(percent(lo)) to \(percent(hi))"
    }

    /// `0.905` → "90.5%", `1` → "100%".
    public static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))%" : "\(tenths / 10)%"
    }

    static func plural(_ word: String) -> String {
        if word.hasSuffix("y"), let last = word.dropLast().last, !"aeiou".contains(last) { return word.dropLast() + "ies" }
        if word.hasSuffix("s") || word.hasSuffix("x") || word.hasSuffix("ch") || word.hasSuffix("sh") { return word + "es" }
        return word + "s"
    }
}
