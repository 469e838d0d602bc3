/// An element of a `LayeredList`: what it is sorted and found by.
public protocol LayeredElement: Equatable, Sendable {
    associatedtype LayerKey: Comparable & Sendable
    var layerKey: LayerKey { get }
}

/// A sorted list kept as a shared base plus this copy's own changes ([18]). Nodes launched
/// from one image and drifted by k packages, or scans that differ from the image's answer
/// in k records, then cost O(k) memory each instead of a full copy, and what was computed
/// for the base (by its object) can be reused.
///
/// Iterates in key order, base and changes merged; `count` is O(1), a lookup by key
/// O(log n + log k), a change O(log n + k).
public struct LayeredList<Element: LayeredElement>: Collection, Sendable {
    /// The shared part: sorted by key, one element per key, never changed once made.
    public final class Base: Sendable {
        public let elements: [Element]
        @usableFromInline init(_ elements: [Element]) { self.elements = elements }
    }

    /// One change over the base, at the base position of the first element not below its key.
    @usableFromInline struct Change: Sendable {
        @usableFromInline var key: Element.LayerKey
        /// nil: the base's element of this key is removed.
        @usableFromInline var element: Element?
        @usableFromInline var basePosition: Int
        @usableFromInline var replacesBase: Bool
        @usableFromInline init(key: Element.LayerKey, element: Element?, basePosition: Int, replacesBase: Bool) {
            (self.key, self.element, self.basePosition, self.replacesBase) = (key, element, basePosition, replacesBase)
        }
    }

    @usableFromInline var storedBase: Base
    @inlinable public var base: Base { storedBase }
    @usableFromInline var changes: [Change] = []
    @usableFromInline var storedCount: Int
    @inlinable public var count: Int { storedCount }
    @inlinable public var underestimatedCount: Int { count }

    /// `elements` must be sorted by key with one element per key.
    @inlinable
    public init(sorted elements: [Element]) {
        storedBase = Base(elements)
        storedCount = elements.count
    }

    @inlinable
    public init() { self.init(sorted: []) }

    /// How many keys this list changes over its base.
    @inlinable
    public var changeCount: Int { changes.count }

    /// The keys this list changes over its base, with its element now (nil: removed), ascending.
    @inlinable
    public var changedElements: [(key: Element.LayerKey, element: Element?)] {
        changes.map { ($0.key, $0.element) }
    }

    // MARK: Collection

    public struct Index: Comparable, Sendable {
        @usableFromInline var b: Int
        @usableFromInline var c: Int
        @usableFromInline init(b: Int, c: Int) { (self.b, self.c) = (b, c) }
        @inlinable public static func < (x: Index, y: Index) -> Bool { x.b != y.b ? x.b < y.b : x.c < y.c }
    }

    @inlinable
    public var startIndex: Index { settle(Index(b: 0, c: 0)) }
    @inlinable
    public var endIndex: Index { Index(b: base.elements.count, c: changes.count) }
    @inlinable
    public var isEmpty: Bool { count == 0 }

    @inlinable
    public subscript(i: Index) -> Element {
        if i.c < changes.count, changes[i.c].basePosition == i.b, let e = changes[i.c].element { return e }
        return base.elements[i.b]
    }

    @inlinable
    public func index(after i: Index) -> Index {
        var j = i
        if j.c < changes.count && changes[j.c].basePosition == j.b {
            if changes[j.c].replacesBase { j.b += 1 }
            j.c += 1
        } else {
            j.b += 1
        }
        return settle(j)
    }

    /// Moves past removals to the next present element (or the end).
    @inlinable func settle(_ i: Index) -> Index {
        var j = i
        while j.c < changes.count && changes[j.c].basePosition == j.b && changes[j.c].element == nil {
            j.b += 1
            j.c += 1
        }
        return j
    }

    // MARK: Lookup

    @inlinable func basePosition(_ key: Element.LayerKey) -> Int {
        var lo = 0, hi = base.elements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if base.elements[mid].layerKey < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    @inlinable func changePosition(_ key: Element.LayerKey) -> Int {
        var lo = 0, hi = changes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if changes[mid].key < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The element of this key, if present.
    @inlinable
    public func element(for key: Element.LayerKey) -> Element? {
        let c = changePosition(key)
        if c < changes.count && changes[c].key == key { return changes[c].element }
        let b = basePosition(key)
        return b < base.elements.count && base.elements[b].layerKey == key ? base.elements[b] : nil
    }

    /// The first position whose key is not below `key`.
    @inlinable
    public func index(atOrAfter key: Element.LayerKey) -> Index {
        settle(Index(b: basePosition(key), c: changePosition(key)))
    }

    // MARK: Changes

    /// Puts `element` in place of the one of its key, or adds it; returns the one replaced.
    @discardableResult
    @inlinable
    public mutating func upsert(_ element: Element) -> Element? { set(element.layerKey, element) }

    /// Removes the element of this key; returns it (nil: there was none).
    @discardableResult
    @inlinable
    public mutating func remove(_ key: Element.LayerKey) -> Element? { set(key, nil) }

    @usableFromInline mutating func set(_ key: Element.LayerKey, _ element: Element?) -> Element? {
        let b = basePosition(key)
        let inBase = b < base.elements.count && base.elements[b].layerKey == key
        let c = changePosition(key)
        let previous: Element?
        if c < changes.count && changes[c].key == key {
            previous = changes[c].element
            if inBase && element == base.elements[b] {
                changes.remove(at: c)  // back to the base's own element
            } else if !inBase && element == nil {
                changes.remove(at: c)
            } else {
                changes[c].element = element
            }
        } else {
            previous = inBase ? base.elements[b] : nil
            if (inBase && element == base.elements[b]) || (!inBase && element == nil) { return previous }
            changes.insert(Change(key: key, element: element, basePosition: b, replacesBase: inBase), at: c)
        }
        storedCount += (element == nil ? 0 : 1) - (previous == nil ? 0 : 1)
        // Past a quarter of the base the changes cost more to merge than a copy: flatten.
        if changes.count > 64 && changes.count > base.elements.count / 4 { flatten() }
        return previous
    }

    /// Makes the current contents the base (the changes are folded in; a new identity).
    @inlinable
    public mutating func flatten() {
        storedBase = Base(Array(self))
        changes = []
    }
}

extension LayeredList: Equatable {
    @inlinable
    public static func == (a: LayeredList, b: LayeredList) -> Bool {
        if a.base === b.base && a.changes.count == b.changes.count
            && zip(a.changes, b.changes).allSatisfy({ $0.key == $1.key && $0.element == $1.element }) { return true }
        return a.count == b.count && a.elementsEqual(b)
    }
}

extension LayeredList: Hashable where Element: Hashable {
    @inlinable
    public func hash(into h: inout Hasher) {
        h.combine(count)
        for e in self { h.combine(e) }
    }
}
