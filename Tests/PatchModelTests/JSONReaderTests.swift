import Testing
@testable import PatchModel

@Suite("Reading JSON back in key order (for merge)")
struct JSONReaderTests {
    @Test("what the writer wrote reads back to the same bytes: key order, integers, doubles, escapes")
    func roundTrip() throws {
        let value = JSONOutput.object([
            ("z", .int(-42)), ("a", .double(0.7)), ("big", .int(4_611_686_018_427_387_903)), ("one", .double(1.0)),
            ("text", .string("quote \" back\\slash\nnew\ttab \u{1} é 😀")), ("list", .array([.bool(true), .null, .array([]), .object([])])),
        ])
        let text = value.rendered()
        let back = try JSONOutput.parse(Array(text.utf8), file: "t.json")
        #expect(back.rendered() == text)
        #expect(back["z"]?.intValue == -42 && back["big"]?.intValue == 4_611_686_018_427_387_903)
        #expect(back.objectPairs.map(\.0) == ["z", "a", "big", "one", "text", "list"])
        // \u escapes, surrogate pairs included, and the compact form.
        let escaped = try JSONOutput.parse(Array(#"{"s":"\u00e9\ud83d\ude00\/"}"#.utf8), file: "t.json")
        #expect(escaped["s"]?.stringValue == "é😀/")
        #expect(try JSONOutput.parse(Array(value.compact().utf8), file: "").rendered() == text)
    }

    @Test("malformed JSON names the file, line, column and path", arguments: [
        ("{\"a\": 1,\n}", 2, 1, "", "trailing comma"), ("[1, 2", 1, 6, "", "ends inside an array"), ("{\"a\" 1}", 1, 6, "", "expected ':'"),
        ("\"open", 1, 1, "", "never ends"), ("{}\nx", 2, 1, "", "text after"), ("tru", 1, 1, "", "expected true"), ("-", 1, 2, "", "without digits"),
        ("{\"a\": [1, 2,]}", 1, 13, "a", "trailing comma before ']'"), ("{\"a\": 1, \"a\": 2}", 1, 10, "", "appears twice"),
        ("{\"n\": 007}", 1, 7, "n", "leading zero"), ("{\"s\": \"a\tb\"}", 1, 9, "s", "control character"),
        ("{\"s\": \"\\ud800\"}", 1, 8, "s", "lone high surrogate"), ("{\"s\": \"\\udc00x\"}", 1, 8, "s", "lone low surrogate"),
        ("{\"b\": [{\"c\": tru}]}", 1, 14, "b[0].c", "expected true"), ("", 1, 1, "", "empty"), ("{\"x\": 1.}", 1, 9, "x", "'.' without digits"),
        ("[1 2]", 1, 4, "", "',' or ']'"), ("{'a': 1}", 1, 2, "", "key"), ("{\"a\": 1e}", 1, 9, "a", "exponent"),
    ])
    func errors(_ c: (String, Int, Int, String, String)) {
        #expect(throws: InputError.self) { try JSONOutput.parse(Array(c.0.utf8), file: "bad.json") }
        do { _ = try JSONOutput.parse(Array(c.0.utf8), file: "bad.json") } catch let e as InputError {
            #expect(e.file == "bad.json" && e.location == .position(line: c.1, column: c.2, path: c.3) && e.message.contains(c.4), "\(e)")
        } catch {}
    }

    @Test("invalid UTF-8 and nesting beyond the bound are errors, not crashes", arguments: [
        [UInt8]([0x22, 0xFF, 0x22]), [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE0, 0x80, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
        Array(String(repeating: "[", count: 100_000).utf8), Array(String(repeating: "{\"a\":", count: 600).utf8),
    ])
    func hostile(_ bytes: [UInt8]) {
        #expect(throws: InputError.self) { try JSONOutput.parse(bytes, file: "bad.json") }
    }
}

@Suite("Seeded streams")
struct SeededStreamTests {
    @Test("a stream name hashed piece by piece draws what its whole text draws", arguments: [
        ("run:", "i-0abc", Int64(1_795_000_000)), ("run:", "i-0abc", Int64(-42)), ("run:", "", Int64(0)), ("x", "é", Int64.min + 1),
    ])
    func pieces(_ c: (String, String, Int64)) {
        var name = SeededGenerator.StreamName()
        name.append(c.0)
        name.append(c.1)
        name.append(":")
        name.append(c.2)
        var a = SeededGenerator(seed: 9, stream: name), b = SeededGenerator(seed: 9, stream: "\(c.0)\(c.1):\(c.2)")
        #expect((0..<4).map { _ in a.next() } == (0..<4).map { _ in b.next() })
    }
}
