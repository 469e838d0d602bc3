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

    @Test("malformed JSON names the file and line", arguments: [
        ("{\"a\": 1,\n}", 2), ("[1, 2", 1), ("{\"a\" 1}", 1), ("\"open", 1), ("{}\nx", 2), ("tru", 1), ("-", 1),
    ])
    func errors(_ c: (String, Int)) {
        #expect(throws: InputError.self) { try JSONOutput.parse(Array(c.0.utf8), file: "bad.json") }
        do { _ = try JSONOutput.parse(Array(c.0.utf8), file: "bad.json") } catch let e as InputError {
            #expect(e.file == "bad.json" && e.location == .line(c.1), "\(e)")
        } catch {}
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
