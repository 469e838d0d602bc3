import Foundation
import Testing
@testable import PatchModel
@testable import PatchWorld

/// The XML reader under `primary.xml` and `updateinfo.xml` ([21]): every malformed
/// document is a located error; none traps (FoundationXML's `XMLParser` died on the
/// first three rows).
@Suite("XML reader: well-formedness errors, never a crash")
struct XMLReaderTests {
    static let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<updates>\n"

    static func parse(_ bytes: [UInt8]) throws -> [UpdateNotice] {
        try UpdateInfoImporter.parse(Data(bytes), file: "updateinfo.xml")
    }

    @Test("malformed documents: file, line, element and what is wrong", arguments: [
        (Array("\(head)<?foo".utf8), "updateinfo.xml: line 3: <updates>: malformed XML: a processing instruction that never ends"),
        (Array("\(head)<??></updates>".utf8), "updateinfo.xml: line 3: <updates>: malformed XML: '?' where a name belongs"),
        (Array("\(head)<upd".utf8) + [0xFF, 0xFE] + Array("ate type=\"security\"/></updates>".utf8), "line 3: <updates>: malformed XML: invalid UTF-8 (byte 0xff)"),
        (Array("\(head)<?pi ".utf8) + [0xC3, 0x28] + Array("?></updates>".utf8), "line 3: <updates>: malformed XML: invalid UTF-8"),
        (Array("\(head)<update type=\"security\"><id>A".utf8) + [0x00] + Array("</id></update></updates>".utf8), "line 3: <id>: malformed XML: control character byte 0x0"),
        (Array("\(head)<update type=\"security\"><id>&foo;</id></update></updates>".utf8), "<id>: malformed XML: entity &foo; is not defined"),
        (Array("\(head)<update type=\"security\"><id>&#0;</id></update></updates>".utf8), "malformed XML: &#0; is not a character XML allows"),
        (Array("\(head)<update type=\"security\"></upd></updates>".utf8), "line 3: <update>: malformed XML: </upd> closes <update>"),
        (Array("\(head)<update type=security/></updates>".utf8), "malformed XML: attribute type of <update> is not quoted"),
        (Array("\(head)<update type=\"a\" type=\"b\"/></updates>".utf8), "attribute type given twice in <update>"),
        (Array("\(head)<update type=\"security\"><id>x</id>".utf8), "line 3: <update>: malformed XML (the document ends inside <update>: truncated?)"),
        (Array("\(head)<update type=\"secu".utf8), "malformed XML: attribute type of <update> never ends"),
        (Array("\(head)</updates>trailing".utf8), "malformed XML: text outside the root element"),
        (Array("\(head)</updates><updates/>".utf8), "malformed XML: a second root element"),
        (Array("\(head)<!-- a -- b --></updates>".utf8), "malformed XML: '--' inside a comment"),
        (Array("\(head)<![CDATA[x".utf8), "a CDATA section that never ends"),
        (Array("\n\(head)</updates>".utf8), "line 2: <document>: malformed XML: an XML declaration not at the start of the document"),
    ] as [([UInt8], String)])
    func malformed(_ c: ([UInt8], String)) {
        do {
            _ = try Self.parse(c.0)
            Issue.record("accepted: \(String(decoding: c.0, as: UTF8.self))")
        } catch let e as InputError {
            #expect(e.description.contains(c.1), "\(e.description)")
        } catch {
            Issue.record("not an InputError: \(error)")
        }
    }

    /// FoundationXML trapped on these; XML 1.0 allows a processing instruction without data.
    @Test("processing instructions without data are well-formed")
    func emptyInstructions() throws {
        #expect(try Self.parse(Array("\(Self.head)<?foo?><?x?>\n</updates>".utf8)).isEmpty)
    }

    @Test("well-formed oddities read as XML says: references, CDATA, comments, PIs, DOCTYPE, attribute normalisation, single quotes, a BOM")
    func wellFormed() throws {
        let doc = "\u{FEFF}<?xml version='1.0'?>\n<!DOCTYPE updates [ <!ELEMENT updates ANY> ]>\n<!-- c -->\n<updates>\n"
            + "<?note some data?><update type='security'>\n<id>A&amp;B&#x41;&#66;<![CDATA[<x>]]></id>\n"
            + "<issued date=\"2021-03-02\n17:35:00\"/><title>t &lt;1&gt; &quot;q&quot; &apos;</title></update></updates>\n<!-- end -->\n"
        let notices = try Self.parse(Array(doc.utf8))
        #expect(notices.count == 1)
        #expect(notices.first?.id == "A&BAB<x>")
        // A line break inside an attribute value reads as a space.
        #expect(notices.first?.issued == Instant(year: 2021, month: 3, day: 2, hour: 17, minute: 35))
    }
}
