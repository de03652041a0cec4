import Testing
@testable import Persistence

@Suite("The pool's bookkeeping, without I/O")
struct PoolStateMachineTests {
    final class FakeConnection {}
    typealias Machine = PoolStateMachine<FakeConnection>

    func waiter(_ id: Int) -> Machine.WaiterID { Machine.WaiterID(raw: id) }

    @Test("opens connections on demand up to the maximum, then queues")
    func opensUpToMax() {
        var machine = Machine(maxConnections: 2)
        guard case .wait(openConnection: true) = machine.acquire(waiter(1)) else { Issue.record("first acquire should open"); return }
        guard case .wait(openConnection: true) = machine.acquire(waiter(2)) else { Issue.record("second acquire should open"); return }
        guard case .wait(openConnection: false) = machine.acquire(waiter(3)) else { Issue.record("third acquire should only wait"); return }
        #expect(machine.totalConnections == 2)
        #expect(machine.waiters == [waiter(1), waiter(2), waiter(3)])
    }

    @Test("a released connection goes to the longest waiter, else to the idle list")
    func handsOverInOrder() {
        var machine = Machine(maxConnections: 1)
        _ = machine.acquire(waiter(1))
        let connection = FakeConnection()
        let opened = machine.connectionOpened(connection)
        #expect(opened.handOver?.1 == waiter(1))
        _ = machine.acquire(waiter(2))
        let released = machine.release(connection, reusable: true)
        #expect(released.handOver?.0 === connection && released.handOver?.1 == waiter(2))
        _ = machine.release(connection, reusable: true)
        #expect(machine.idle.count == 1 && machine.leasedCount == 0)
        guard case .lease(let again) = machine.acquire(waiter(3)), again === connection else {
            Issue.record("an idle connection should be leased at once"); return
        }
    }

    @Test("a broken connection is closed and replaced when someone waits")
    func replacesBroken() {
        var machine = Machine(maxConnections: 1)
        _ = machine.acquire(waiter(1))
        let connection = FakeConnection()
        _ = machine.connectionOpened(connection)
        _ = machine.acquire(waiter(2))
        let actions = machine.release(connection, reusable: false)
        #expect(actions.close.count == 1 && actions.close[0] === connection)
        #expect(actions.openConnection)
        #expect(machine.totalConnections == 1)
    }

    @Test("a failed open fails the longest waiter; a timed-out waiter leaves the queue")
    func failuresAndTimeouts() {
        var machine = Machine(maxConnections: 1)
        _ = machine.acquire(waiter(1))
        _ = machine.acquire(waiter(2))
        let failed = machine.connectionFailedToOpen()
        #expect(failed.fail == [waiter(1)])
        let firstCancel = machine.cancelWaiting(waiter(2))
        let secondCancel = machine.cancelWaiting(waiter(2))
        #expect(firstCancel && !secondCancel)
        #expect(machine.totalConnections == 0 && machine.waiters.isEmpty)
    }

    @Test("shutdown closes idle connections, fails waiters, closes leased ones on return, refuses new callers")
    func shutdown() {
        var machine = Machine(maxConnections: 2)
        _ = machine.acquire(waiter(1))
        let leased = FakeConnection()
        _ = machine.connectionOpened(leased)
        _ = machine.acquire(waiter(2))
        let idle = FakeConnection()
        _ = machine.connectionOpened(idle)
        _ = machine.release(idle, reusable: true)
        _ = machine.acquire(waiter(3))  // leases the idle one again
        _ = machine.release(idle, reusable: true)
        _ = machine.acquire(waiter(4))  // takes it once more
        _ = machine.acquire(waiter(5))  // waits: both connections are leased
        let actions = machine.shutDown()
        #expect(actions.fail == [waiter(5)])
        let released = machine.release(leased, reusable: true)
        #expect(released.close.first === leased)
        guard case .fail = machine.acquire(waiter(6)) else { Issue.record("acquire after shutdown must fail"); return }
    }

    @Test("shutdown closes idle connections at once")
    func shutdownClosesIdle() {
        var machine = Machine(maxConnections: 1)
        _ = machine.acquire(waiter(1))
        let connection = FakeConnection()
        _ = machine.connectionOpened(connection)
        _ = machine.release(connection, reusable: true)
        let actions = machine.shutDown()
        #expect(actions.close.first === connection)
    }
}
