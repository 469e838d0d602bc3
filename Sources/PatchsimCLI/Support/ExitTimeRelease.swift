import Synchronization

/// Tables a one-shot command is done with, left to the operating system to reclaim when
/// the process exits, as compilers do (clang's -disable-free): freeing 60,000 offered
/// packages object by object costs a tenth of a Debian host's scan. Only the latest
/// command's tables are held, so repeated runs in one process (bench) stay bounded.
enum ExitTimeRelease {
    private static let held = Mutex<[any Sendable]>([])

    static func hold(_ values: any Sendable...) {
        let previous = held.withLock { h -> [any Sendable] in
            let old = h
            h = values
            return old
        }
        _ = previous  // released here, outside the lock
    }
}
