/// The connection pool's bookkeeping, without I/O or clocks: each event is a
/// mutating call that returns what the pool must do next. Tested on its own.
struct PoolStateMachine<Connection: AnyObject> {
    struct WaiterID: Hashable, Sendable {
        let raw: Int
    }

    enum AcquireAction {
        /// Hand this idle connection to the caller.
        case lease(Connection)
        /// Park the caller; if `openConnection`, start opening one more connection.
        case wait(openConnection: Bool)
        /// The pool is closed.
        case fail
    }

    /// What to do after a connection comes back, opens, or fails to open.
    struct Actions {
        var handOver: (Connection, WaiterID)?
        var close: [Connection] = []
        var openConnection = false
        var fail: [WaiterID] = []
    }

    let maxConnections: Int
    private(set) var idle: [Connection] = []
    private(set) var leasedCount = 0
    private(set) var openingCount = 0
    private(set) var waiters: [WaiterID] = []
    private(set) var isShutDown = false

    init(maxConnections: Int) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        self.maxConnections = maxConnections
    }

    var totalConnections: Int { idle.count + leasedCount + openingCount }

    mutating func acquire(_ waiter: WaiterID) -> AcquireAction {
        if isShutDown { return .fail }
        if let connection = idle.popLast() {
            leasedCount += 1
            return .lease(connection)
        }
        waiters.append(waiter)
        // Open at most as many new connections as there are callers waiting for one.
        if totalConnections < maxConnections, openingCount < waiters.count {
            openingCount += 1
            return .wait(openConnection: true)
        }
        return .wait(openConnection: false)
    }

    /// A leased connection comes back; `reusable` is false when it broke or was left mid-transaction.
    mutating func release(_ connection: Connection, reusable: Bool) -> Actions {
        leasedCount -= 1
        var actions = Actions()
        if isShutDown || !reusable {
            actions.close.append(connection)
            if !isShutDown, !waiters.isEmpty, openingCount < waiters.count {
                openingCount += 1
                actions.openConnection = true
            }
            return actions
        }
        if !waiters.isEmpty {
            leasedCount += 1
            actions.handOver = (connection, waiters.removeFirst())
        } else {
            idle.append(connection)
        }
        return actions
    }

    mutating func connectionOpened(_ connection: Connection) -> Actions {
        openingCount -= 1
        var actions = Actions()
        if isShutDown {
            actions.close.append(connection)
        } else if !waiters.isEmpty {
            leasedCount += 1
            actions.handOver = (connection, waiters.removeFirst())
        } else {
            idle.append(connection)
        }
        return actions
    }

    /// Opening failed: the longest-waiting caller gets the error rather than waiting out its timeout.
    mutating func connectionFailedToOpen() -> Actions {
        openingCount -= 1
        var actions = Actions()
        if !waiters.isEmpty { actions.fail.append(waiters.removeFirst()) }
        return actions
    }

    /// The caller gave up (timeout or cancellation). True if it was still waiting.
    mutating func cancelWaiting(_ waiter: WaiterID) -> Bool {
        guard let index = waiters.firstIndex(of: waiter) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Closes idle connections and fails every waiter; leased ones close when they come back.
    mutating func shutDown() -> Actions {
        isShutDown = true
        var actions = Actions()
        actions.close = idle
        actions.fail = waiters
        idle.removeAll()
        waiters.removeAll()
        return actions
    }
}
