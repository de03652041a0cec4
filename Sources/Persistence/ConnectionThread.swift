import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The thread that one pooled connection's blocking libpq calls run on, and a Swift `TaskExecutor` over it.
///
/// libpq blocks, so it must never run on the cooperative pool. Sending every statement to a shared thread pool and
/// back cost two thread switches per statement, which was half of the server's CPU under load (docs/performance.md).
/// Instead `Database` runs a lease's whole closure with this thread as the task's executor preference: the Service
/// code and its statements then run here, one after another, and a statement is a plain blocking call.
///
/// Jobs run in the order they were enqueued. After `stop(after:)` the queue drains and the thread ends; a job enqueued
/// later (a task whose preference outlived the connection) is handed to the global concurrent executor instead of
/// being lost, and `run` refuses new work.
final class ConnectionThread: TaskExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case closure(() -> Void)
    }

    /// Guards everything below; its condition wakes the thread for new work.
    private let condition = NSCondition()
    private var queue: [Work] = []
    private var stopping = false
    private var exited = false
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []
    private let threadID = Atomic<UInt>(0)

    /// Starts the thread; it lives until `stop(after:)`.
    init(name: String) {
        // The thread holds the executor until its loop ends, so an executor whose connection was dropped still drains.
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    /// Whether the caller runs on this thread: a blocking call may then be made in place.
    var isCurrent: Bool {
        threadID.load(ordering: .acquiring) == UInt(bitPattern: Int(bitPattern: pthread_self()))
    }

    /// Whether the thread has ended (after `stop(after:)` and an empty queue).
    var hasExited: Bool {
        condition.withLock { exited }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        condition.lock()
        if stopping {
            condition.unlock()
            globalConcurrentExecutor.enqueue(job)
            return
        }
        queue.append(.job(UnownedJob(job)))
        condition.signal()
        condition.unlock()
    }

    /// Runs blocking work on this thread: in place when already here, else by sending it over and waiting.
    func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        if isCurrent { return try work() }
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = submit { continuation.resume(with: Result { try work() }) }
            if !accepted {
                continuation.resume(throwing: PersistenceError(kind: .poolClosed, message: "the connection's thread has stopped"))
            }
        }
    }

    /// Lets the thread finish its queue and end, then runs `last` on it (closing the connection there).
    func stop(after last: @escaping @Sendable () -> Void) {
        condition.withLock {
            if !stopping { queue.append(.closure(last)) }
            stopping = true
            condition.signal()
        }
    }

    /// Waits until the thread has ended.
    func exit() async {
        await withCheckedContinuation { continuation in
            let ended = condition.withLock {
                if !exited { exitWaiters.append(continuation) }
                return exited
            }
            if ended { continuation.resume() }
        }
    }

    private func submit(_ work: @escaping () -> Void) -> Bool {
        condition.withLock {
            guard !stopping else { return false }
            queue.append(.closure(work))
            condition.signal()
            return true
        }
    }

    private func loop() {
        threadID.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .releasing)
        let executor = asUnownedTaskExecutor()
        condition.lock()
        while true {
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty { break }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            for work in batch {
                switch work {
                case .job(let job): job.runSynchronously(on: executor)
                case .closure(let closure): closure()
                }
            }
            condition.lock()
        }
        exited = true
        let waiters = exitWaiters
        exitWaiters = []
        condition.unlock()
        threadID.store(0, ordering: .releasing)
        waiters.forEach { $0.resume() }
    }
}
