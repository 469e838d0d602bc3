import Dispatch
import Synchronization

/// `count` independent jobs on up to `threads` threads, results in job order: the same
/// values whatever the thread count. The first `InputError` a job throws is rethrown once
/// all have stopped.
public enum ParallelMap {
    public static func run<T: Sendable>(_ count: Int, threads: Int, _ job: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        guard threads > 1, count > 1 else { return try (0..<count).map(job) }
        let slots = Mutex<[T?]>(Array(repeating: nil, count: count))
        let next = Mutex(0)
        let failure = Mutex<InputError?>(nil)
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while true {
                let k: Int = next.withLock { n in
                    defer { n += 1 }
                    return n
                }
                guard k < count else { return }
                do {
                    let value = try job(k)
                    slots.withLock { $0[k] = value }
                } catch let e as InputError {
                    failure.withLock { if $0 == nil { $0 = e } }
                } catch {
                    failure.withLock { if $0 == nil { $0 = InputError(file: "patchsim", message: "\(error)") } }
                }
            }
        }
        if let e = failure.withLock({ $0 }) { throw e }
        return slots.withLock { $0.compactMap { $0 } }
    }
}
