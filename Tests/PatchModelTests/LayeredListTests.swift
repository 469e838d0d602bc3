import Testing
@testable import PatchModel

private struct Entry: LayeredElement {
    var key: Int
    var value: Int
    var layerKey: Int { key }
}

@Suite("LayeredList: a shared base and its own changes read as one sorted list ([18])")
struct LayeredListTests {
    @Test("random upserts and removals read exactly as a sorted dictionary, and the base stays shared until flattened")
    func againstDictionary() {
        for seed in UInt64(1)...40 {
            var rng = SeededGenerator(seed: seed, stream: "layered")
            let baseCount = rng.below(60)
            var reference: [Int: Int] = [:]
            for k in 0..<baseCount where rng.unit() < 0.7 { reference[2 * k] = k }
            var list = LayeredList(sorted: reference.keys.sorted().map { Entry(key: $0, value: reference[$0] ?? 0) })
            let original = list
            for _ in 0..<rng.below(200) {
                let key = rng.below(130)
                if rng.unit() < 0.3 {
                    #expect(list.remove(key)?.value == reference.removeValue(forKey: key))
                } else {
                    let value = rng.below(5)
                    #expect(list.upsert(Entry(key: key, value: value))?.value == reference.updateValue(value, forKey: key))
                }
                #expect(list.count == reference.count)
            }
            #expect(list.map(\.key) == reference.keys.sorted(), "seed \(seed)")
            #expect(list.map(\.value) == reference.keys.sorted().map { reference[$0] ?? -1 })
            for key in 0..<130 { #expect(list.element(for: key)?.value == reference[key]) }
            // The copy it started from is untouched.
            #expect(original.count == original.base.elements.count && original.changeCount == 0)
            var flat = list
            flat.flatten()
            #expect(flat == list && flat.changeCount == 0 && Array(flat.base.elements).map(\.key) == reference.keys.sorted())
        }
    }

    @Test("a change back to the base's own element leaves no change; removals and inserts count once")
    func changesCancel() {
        var list = LayeredList(sorted: [Entry(key: 1, value: 1), Entry(key: 3, value: 3)])
        list.upsert(Entry(key: 1, value: 9))
        list.upsert(Entry(key: 2, value: 2))
        list.remove(3)
        #expect(list.map(\.key) == [1, 2] && list.count == 2 && list.changeCount == 3)
        list.upsert(Entry(key: 1, value: 1))
        list.remove(2)
        list.upsert(Entry(key: 3, value: 3))
        #expect(list.changeCount == 0 && list.map(\.value) == [1, 3] && list.count == 2)
        #expect(list.startIndex == list.index(atOrAfter: 0) && list[list.index(atOrAfter: 2)].key == 3)
    }
}
