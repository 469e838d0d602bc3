/// Text from input made safe for XML and HTML output ([21]): the five markup characters
/// become references, tabs and line breaks become character references (so attribute
/// values keep them), and characters XML 1.0 cannot hold at all (NUL and the other C0
/// controls, U+FFFE, U+FFFF) are written as visible `\u{...}` text. Whatever a name
/// holds, the document stays well-formed.
public enum MarkupText {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&#39;"
            case 0x09: out += "&#9;"
            case 0x0A: out += "&#10;"
            case 0x0D: out += "&#13;"
            case 0..<0x20, 0x7F, 0xFFFE, 0xFFFF: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
