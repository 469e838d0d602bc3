import PatchModel

/// A repository entry with the simulated instants it appears and disappears.
public struct Timed<Value: Sendable>: Sendable {
    public var value: Value
    public var published: Instant
    public var withdrawn: Instant?

    public init(_ value: Value, published: Instant, withdrawn: Instant? = nil) {
        self.value = value
        self.published = published
        self.withdrawn = withdrawn
    }

    /// Visible from `published` (inclusive) until `withdrawn` (exclusive).
    public func isVisible(at t: Instant) -> Bool {
        published <= t && (withdrawn.map { t < $0 } ?? true)
    }
}

extension Timed: Equatable where Value: Equatable {}
extension Timed: Hashable where Value: Hashable {}
