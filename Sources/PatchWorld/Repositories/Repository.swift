import PatchModel

/// A package repository that changes over simulated time: package versions, update
/// notices (with re-issues and withdrawals) and, for Windows, catalogue updates, each
/// stamped with the instant it was published.
///
/// "The repository as seen at t" is well defined: every entry published at or before t
/// and not withdrawn by then, with each notice at its latest re-issue. `revision(at:)`
/// numbers these states (O(log n)), so two instants with the same revision see the same
/// content and an evaluation keyed by it can be reused.
public struct Repository: Sendable {
    public var name: String
    public var os: OperatingSystem
    /// The products whose nodes use this repository by default.
    public var products: [String]
    /// The images whose nodes have this repository configured; empty: every node of its
    /// products (a repository enabled on some hosts only, or an import's per-image filler).
    public var imageIds: [String] = []
    public private(set) var packages: [Timed<AvailablePackage>] = []
    /// Every issue of every notice; a re-issue is a later entry with the same id.
    public private(set) var notices: [Timed<UpdateNotice>] = []
    public private(set) var windowsUpdates: [Timed<WindowsUpdate>] = []
    /// Sorted, distinct instants at which the visible content changes.
    public private(set) var changeInstants: [Instant] = []
    /// When the repository cannot be reached (mirror down, network cut), in time order.
    public private(set) var outages: [Outage] = []

    /// A span during which the repository is out of reach; open-ended until `until`.
    public struct Outage: Equatable, Sendable {
        public var from: Instant
        public var until: Instant?
    }

    public init(name: String, os: OperatingSystem, products: [String] = []) {
        self.name = name
        self.os = os
        self.products = products
    }

    public mutating func publish(_ package: AvailablePackage, at t: Instant) {
        packages.append(Timed(package, published: t))
        noteChange(t)
    }

    /// Publishes a whole index at one instant (an imported `Packages` file).
    public mutating func publish(contentsOf newPackages: [AvailablePackage], at t: Instant) {
        guard !newPackages.isEmpty else { return }
        packages.reserveCapacity(packages.count + newPackages.count)
        for p in newPackages { packages.append(Timed(p, published: t)) }
        noteChange(t)
    }

    /// Publishes a notice, or re-issues it when one with the same id exists.
    public mutating func publish(_ notice: UpdateNotice, at t: Instant) {
        notices.append(Timed(notice, published: t))
        noteChange(t)
    }

    public mutating func publish(_ update: WindowsUpdate, at t: Instant) {
        windowsUpdates.append(Timed(update, published: t))
        noteChange(t)
    }

    /// Withdraws every issue of a notice from `t` on. Returns false if no such notice.
    @discardableResult
    public mutating func withdrawNotice(id: String, at t: Instant) -> Bool {
        let found = Self.withdraw(in: &notices, at: t) { $0.id == id }
        if found { noteChange(t) }
        return found
    }

    /// Withdraws a package version (a pulled update) from `t` on.
    @discardableResult
    public mutating func withdrawPackage(_ identity: PackageIdentity, at t: Instant) -> Bool {
        let found = Self.withdraw(in: &packages, at: t) { $0.identity == identity }
        if found { noteChange(t) }
        return found
    }

    /// Ends the visibility at `t` of the entries published by then that match.
    private static func withdraw<T>(in entries: inout [Timed<T>], at t: Instant, where matches: (T) -> Bool) -> Bool {
        var found = false
        for k in entries.indices where matches(entries[k].value) && entries[k].published <= t {
            if entries[k].withdrawn.map({ $0 > t }) ?? true { entries[k].withdrawn = t }
            found = true
        }
        return found
    }

    /// Takes the repository offline from `t` on, or brings it back at `t`.
    public mutating func setReachable(_ reachable: Bool, at t: Instant) {
        if reachable {
            if let last = outages.last, last.until == nil, last.from <= t { outages[outages.count - 1].until = t }
        } else if isReachable(at: t) {
            outages.append(Outage(from: t, until: nil))
            outages.sort { $0.from < $1.from }
        }
    }

    public func isReachable(at t: Instant) -> Bool {
        !outages.contains { $0.from <= t && ($0.until.map { t < $0 } ?? true) }
    }

    private mutating func noteChange(_ t: Instant) {
        let k = changeInstants.partitioningIndex { $0 >= t }
        if k == changeInstants.count || changeInstants[k] != t { changeInstants.insert(t, at: k) }
    }

    /// The state number at `t`: how many change instants are at or before it. O(log n).
    public func revision(at t: Instant) -> Int {
        changeInstants.partitioningIndex { $0 > t }
    }

    /// The packages visible at `t`, by identity. Positions are sorted, not the packages:
    /// moving 60,000 package records through a merge sort cost more than comparing them.
    func visiblePackages(at t: Instant) -> [AvailablePackage] {
        var order = packages.indices.filter { packages[$0].isVisible(at: t) }
        order.sort { packages[$0].value.identity < packages[$1].value.identity }
        return order.map { packages[$0].value }
    }

    /// The content visible at `t`. O(n) in the repository's history.
    public func snapshot(at t: Instant) -> RepositorySnapshot {
        var latest: [String: Int] = [:]
        for (k, n) in notices.enumerated() where n.published <= t {
            if let prev = latest[n.value.id], notices[prev].published > n.published { continue }
            latest[n.value.id] = k
        }
        let visibleNotices = latest.values.sorted().compactMap { k -> UpdateNotice? in
            notices[k].isVisible(at: t) ? notices[k].value : nil
        }
        return RepositorySnapshot(
            repository: name, os: os, revision: revision(at: t),
            packages: visiblePackages(at: t),
            notices: visibleNotices.sorted { $0.id < $1.id },
            windowsUpdates: windowsUpdates.filter { $0.isVisible(at: t) }.map(\.value).sorted { $0.kb < $1.kb })
    }
}

/// A repository's content at one instant: the evaluator's view of "what is available".
public struct RepositorySnapshot: Sendable {
    public var repository: String
    public var os: OperatingSystem
    /// The repository state number this snapshot shows (see `Repository.revision(at:)`).
    public var revision: Int
    /// Sorted by name, arch, version.
    public var packages: [AvailablePackage]
    /// Latest issue of each notice, sorted by id.
    public var notices: [UpdateNotice]
    public var windowsUpdates: [WindowsUpdate]
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate that is
    /// false then true along the array. O(log n).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
