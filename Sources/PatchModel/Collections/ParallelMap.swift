import Dispatch
import Synchronization

/// `count` independent jobs on up to `threads` threads, results in job order: the same
/// values whatever the thread count.
public enum ParallelMap {
    public static func run<T: Sendable>(_ count: Int, threads: Int, _ job: @escaping @Sendable (Int) -> T) -> [T] {
        guard threads > 1, count > 1 else { return (0..<count).map(job) }
        let slots = Mutex<[T?]>(Array(repeating: nil, count: count))
        let next = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while true {
                let k: Int = next.withLock { n in
                    defer { n += 1 }
                    return n
                }
                guard k < count else { return }
                let value = job(k)
                slots.withLock { $0[k] = value }
            }
        }
        return slots.withLock { $0.compactMap { $0 } }
    }

    /// The same for jobs that can fail: every job runs, then the error of the first failed
    /// job in job order is rethrown (an `InputError` as it is, any other wrapped in one).
    public static func run<T: Sendable>(_ count: Int, threads: Int, _ job: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let outcomes = run(count, threads: threads) { k -> Result<T, any Error> in Result { try job(k) } }
        return try outcomes.map { outcome in
            switch outcome {
            case .success(let value): return value
            case .failure(let e as InputError): throw e
            case .failure(let e): throw InputError(file: "patchsim", message: "\(e)")
            }
        }
    }
}
