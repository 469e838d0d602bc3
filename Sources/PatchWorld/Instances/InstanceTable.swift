/// A fleet's nodes in one contiguous array with an id index: a million nodes cost their
/// own bytes plus a small index entry each, not a dictionary slot sized for the whole
/// node. Reads like a dictionary keyed by instance id.
public struct InstanceTable: Sendable {
    public private(set) var values: [ManagedInstance] = []
    private var positions: [String: Int] = [:]

    public init() {}

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }
    /// The ids, in the order the nodes were added.
    public var keys: [String] { values.map(\.instanceId) }

    /// Where a node sits in `values` (stable until a node is removed).
    public func position(of id: String) -> Int? { positions[id] }

    /// The same, trying `guess` first: commands walk their targets in id order, which is
    /// usually the order the nodes were added, so the next node is mostly the next slot.
    public func position(of id: String, guess: Int) -> Int? {
        if guess >= 0, guess < values.count, values[guess].instanceId == id { return guess }
        return positions[id]
    }

    /// Reads and writes a node by position, without hashing its id.
    public subscript(position k: Int) -> ManagedInstance {
        get { values[k] }
        set { values[k] = newValue }
    }

    public mutating func reserveCapacity(_ n: Int) {
        values.reserveCapacity(n)
        positions.reserveCapacity(n)
    }

    /// Setting a new id adds the node; setting nil removes it.
    public subscript(id: String) -> ManagedInstance? {
        get { positions[id].map { values[$0] } }
        set {
            if let k = positions[id] {
                if let newValue {
                    values[k] = newValue
                } else {
                    let last = values.count - 1
                    if k != last {
                        values.swapAt(k, last)
                        positions[values[k].instanceId] = k
                    }
                    values.removeLast()
                    positions[id] = nil
                }
            } else if let newValue {
                positions[id] = values.count
                values.append(newValue)
            }
        }
    }
}
