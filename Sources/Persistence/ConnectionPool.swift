import Synchronization

/// A bounded pool of connections: callers wait (up to a timeout) for a free
/// one, broken ones are closed and replaced on demand. The bookkeeping is
/// `PoolStateMachine`; this type only runs its actions.
final class ConnectionPool: Sendable {
    typealias Machine = PoolStateMachine<PostgresConnection>
    typealias Opener = @Sendable () async throws -> PostgresConnection
    typealias Closer = @Sendable (PostgresConnection) -> Void

    private struct State {
        var machine: Machine
        var nextWaiter = 0
        var continuations: [Machine.WaiterID: CheckedContinuation<PostgresConnection, any Error>] = [:]
        var lastOpenError: PersistenceError?
    }

    private let state: Mutex<State>
    private let open: Opener
    private let close: Closer
    private let acquireTimeout: Duration

    /// - Parameters:
    ///   - open: opens a connection (off the cooperative pool).
    ///   - close: disposes of a connection (off the cooperative pool: PQfinish talks to the socket).
    init(maxConnections: Int, acquireTimeout: Duration, open: @escaping Opener, close: @escaping Closer) {
        self.state = Mutex(State(machine: Machine(maxConnections: maxConnections)))
        self.open = open
        self.close = close
        self.acquireTimeout = acquireTimeout
    }

    /// The connections open, idle, leased and being opened (for metrics and tests).
    var statistics: (idle: Int, leased: Int, opening: Int, waiting: Int) {
        state.withLock { ($0.machine.idle.count, $0.machine.leasedCount, $0.machine.openingCount, $0.machine.waiters.count) }
    }

    /// Waits for a connection, at most the acquire timeout.
    func acquire() async throws -> PostgresConnection {
        let waiter = state.withLock { state -> Machine.WaiterID in
            state.nextWaiter += 1
            return Machine.WaiterID(raw: state.nextWaiter)
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PostgresConnection, any Error>) in
                let action = state.withLock { state -> Machine.AcquireAction in
                    let action = state.machine.acquire(waiter)
                    if case .wait = action { state.continuations[waiter] = continuation }
                    return action
                }
                switch action {
                case .lease(let connection):
                    continuation.resume(returning: connection)
                case .fail:
                    continuation.resume(throwing: PersistenceError(kind: .poolClosed, message: "the connection pool is shut down"))
                case .wait(let openConnection):
                    if openConnection { startOpening() }
                    // Cancelled before it was registered: the cancellation handler found nothing to give up.
                    if Task.isCancelled {
                        giveUp(waiter, error: CancellationError())
                        return
                    }
                    let timeout = acquireTimeout
                    // A strong reference: the pool must outlive a waiter, or its continuation would never resume.
                    Task {
                        try? await Task.sleep(for: timeout)
                        self.giveUp(waiter, error: PersistenceError(
                            kind: .poolTimeout, message: "no database connection became free within \(timeout)"))
                    }
                }
            }
        } onCancel: {
            giveUp(waiter, error: CancellationError())
        }
    }

    /// Returns a connection. Broken ones, and ones left inside a transaction, are closed.
    func release(_ connection: PostgresConnection) {
        let reusable = !connection.isBroken && connection.isIdleOutsideTransaction
        let actions = state.withLock { $0.machine.release(connection, reusable: reusable) }
        run(actions)
    }

    /// Fails all waiters and closes idle connections, which it returns; leased ones close as they come back.
    @discardableResult
    func shutDown() -> [PostgresConnection] {
        let actions = state.withLock { $0.machine.shutDown() }
        run(actions, failure: PersistenceError(kind: .poolClosed, message: "the connection pool is shut down"))
        return actions.close
    }

    private func giveUp(_ waiter: Machine.WaiterID, error: any Error) {
        let continuation = state.withLock { state -> CheckedContinuation<PostgresConnection, any Error>? in
            guard state.machine.cancelWaiting(waiter) else { return nil }
            return state.continuations.removeValue(forKey: waiter)
        }
        // A timeout while the database refuses connections says why.
        if var timeout = error as? PersistenceError, timeout.kind == .poolTimeout,
           let cause = state.withLock({ $0.lastOpenError }) {
            timeout.detail = "last connection attempt failed: \(cause.message)"
            continuation?.resume(throwing: timeout)
            return
        }
        continuation?.resume(throwing: error)
    }

    private func startOpening() {
        Task {
            do {
                let connection = try await open()
                state.withLock { $0.lastOpenError = nil }
                run(state.withLock { $0.machine.connectionOpened(connection) })
            } catch {
                let failure = (error as? PersistenceError)
                    ?? PersistenceError(kind: .connectionFailed, message: "\(error)")
                state.withLock { $0.lastOpenError = failure }
                run(state.withLock { $0.machine.connectionFailedToOpen() }, failure: failure)
            }
        }
    }

    private func run(_ actions: Machine.Actions, failure: any Error = CancellationError()) {
        let (handOver, failed) = state.withLock { state in
            let handOver = actions.handOver.flatMap { connection, waiter in
                state.continuations.removeValue(forKey: waiter).map { ($0, connection) }
            }
            let failed = actions.fail.compactMap { state.continuations.removeValue(forKey: $0) }
            return (handOver, failed)
        }
        if let (continuation, connection) = handOver { continuation.resume(returning: connection) }
        for continuation in failed { continuation.resume(throwing: failure) }
        actions.close.forEach(close)
        if actions.openConnection { startOpening() }
    }
}
