import PatchModel
import Synchronization

/// [18] Where patched nodes' inventories move to. Nodes launched from one base (an image
/// version) and patched on one day install mostly the same updates; kept over their old
/// base, each would carry all of them as its own changes. The first such node's contents
/// become the successor of that base for the day, and the others are kept over it with
/// only what differs (their drift), so memory and the scans derived from the base's
/// answer stay proportional to what is a node's own. Changes representation only, never
/// contents: reports are the same whichever node registers a successor. Safe across threads.
public final class InventoryLineage: @unchecked Sendable {
    struct Successor {
        /// Held so its identity is not reused while the entry lives.
        let from: LayeredList<InstalledPackage>.Base
        let inventory: Inventory
        /// Where the successor differs from `from`, ascending.
        let differingAt: [UnitName]
    }
    private let table = Mutex<(day: Int64, successors: [ObjectIdentifier: Successor])>((.min, [:]))
    /// A node keeps up to this many own changes over its base before it is moved on.
    public static let ownChangesKept = 16

    public init() {}

    /// Moves `inventory` onto its base's successor for the day of `t` (registering its own
    /// contents as that successor when there is none yet), once it carries more own
    /// changes than `ownChangesKept`.
    public func advance(_ inventory: inout Inventory, at t: Instant) {
        guard inventory.packages.changeCount > Self.ownChangesKept else { return }
        let base = inventory.packages.base
        let key = ObjectIdentifier(base)
        let successor: Successor = table.withLock { entry in
            if entry.day != t.utcDay { entry = (t.utcDay, [:]) }
            if let known = entry.successors[key] { return known }
            var flat = inventory
            flat.rebase()
            let made = Successor(from: base, inventory: flat, differingAt: inventory.changedUnits)
            entry.successors[key] = made
            return made
        }
        inventory = inventory.rebased(onto: successor.inventory, differingAt: successor.differingAt)
    }
}
