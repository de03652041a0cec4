import CLibPQ
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection. Every method blocks: call them only on the
/// connection's own `thread`, never on Swift concurrency's cooperative pool.
///
/// `@unchecked Sendable` because the pool lends a connection to one task at a
/// time and its calls all run on its one thread; libpq itself is thread-safe
/// for distinct connections.
final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The thread this connection's calls run on; it ends when the connection is closed.
    let thread: ConnectionThread
    /// SQL text + parameter types → prepared statement name.
    private var preparedStatements: [String: String] = [:]
    private(set) var isBroken = false
    /// The server process id of this connection (for diagnostics and tests).
    let backendPID: Int32

    /// Prepared statements kept per connection; statements beyond it run unnamed.
    static let preparedStatementLimit = 512

    private init(handle: OpaquePointer, thread: ConnectionThread) {
        self.handle = handle
        self.thread = thread
        self.backendPID = PQbackendPID(handle)
    }

    deinit {
        PQfinish(handle)
    }

    /// Opens a connection from a URL (`postgresql://…`) or a key=value conninfo string,
    /// then fixes the session settings the coding layer relies on, and assumes `role` if given.
    /// Call it on `thread`, which then serves the connection.
    static func connect(conninfo: String, role: String?, applicationName: String, thread: ConnectionThread) throws -> PostgresConnection {
        guard let handle = PQconnectdb(conninfo) else {
            throw PersistenceError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PersistenceError(kind: .connectionFailed, message: message)
        }
        let connection = PostgresConnection(handle: handle, thread: thread)
        // Text formats below depend on these; the role makes row-level security apply. JIT is off: the app's
        // statements are prepared, their generic plans (optional filters, `$1 IS NULL OR …`) are estimated as
        // costly, and JIT then compiled a 0.2 ms ticket list for 15-300 ms on every run (issue 7, docs/performance.md).
        var setup = """
            SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD';
            SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 3; SET standard_conforming_strings = on;
            SET jit = off; SET application_name = \(quoteLiteral(applicationName));
            """
        if let role, !role.isEmpty {
            setup += " SET ROLE \(SQLIdentifier(role).quoted);"
        }
        do {
            try connection.executeScript(setup)
        } catch let error as PersistenceError {
            throw PersistenceError(
                kind: error.kind == .connectionLost ? .connectionFailed : error.kind,
                message: "session setup failed: \(error.message)", sqlState: error.sqlState)
        }
        return connection
    }

    /// Runs one parameterized statement (prepared once per connection and reused).
    func query(_ query: SQLQuery) throws -> QueryResult {
        let statement = try prepare(query)
        let result: OpaquePointer? = withValues(of: query) { values in
            if let name = statement.name {
                return PQexecPrepared(handle, name, Int32(query.bindings.count), values, nil, nil, 0)
            }
            return PQexecParams(handle, statement.sql, Int32(query.bindings.count), statement.types, values, nil, nil, 0)
        }
        return try consume(result, sql: statement.sql)
    }

    /// Runs statements in ONE round trip (libpq pipeline mode) and returns the last one's result. The first error
    /// is thrown; the statements after it were not run. For a few statements at a time: libpq's blocking mode
    /// could stall on a pipeline whose results fill the socket before it is all sent.
    func pipeline(_ queries: [SQLQuery]) throws -> QueryResult {
        guard queries.count > 1, let last = queries.last else {
            return try query(queries[0])
        }
        let statements = try queries.map(prepare)
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError(sql: statements[0].sql) }
        defer { PQexitPipelineMode(handle) }
        for (query, statement) in zip(queries, statements) {
            let sent = withValues(of: query) { values in
                if let name = statement.name {
                    return PQsendQueryPrepared(handle, name, Int32(query.bindings.count), values, nil, nil, 0)
                }
                return PQsendQueryParams(handle, statement.sql, Int32(query.bindings.count), statement.types, values, nil, nil, 0)
            }
            guard sent == 1 else { throw connectionError(sql: statement.sql) }
        }
        guard PQpipelineSync(handle) == 1 else { throw connectionError(sql: statements[0].sql) }

        var firstError: PersistenceError?
        var lastResult: QueryResult?
        for statement in statements {
            // One result per statement, then NULL; statements after a failed one come back PIPELINE_ABORTED.
            guard let result = PQgetResult(handle) else { throw connectionError(sql: statement.sql) }
            if PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                PQclear(result)
            } else {
                do { lastResult = try consume(result, sql: statement.sql) } catch let error as PersistenceError {
                    firstError = firstError ?? error
                }
            }
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        guard let sync = PQgetResult(handle) else { throw connectionError(sql: last.sql) }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        if let firstError { throw firstError }
        guard synced, let lastResult else { throw connectionError(sql: last.sql) }
        return lastResult
    }

    /// A statement's text, parameter types, and prepared statement name (nil: run unnamed, the cache is full).
    private struct Statement {
        let sql: String
        let types: [Oid]
        let name: String?
    }

    /// The statement, prepared on its first use on this connection.
    private func prepare(_ query: SQLQuery) throws -> Statement {
        let sql = query.sql
        let types = query.bindings.map { Oid($0.type.oid) }
        let key = types.isEmpty ? sql : sql + "\u{0}" + types.map(String.init).joined(separator: ",")
        if let name = preparedStatements[key] { return Statement(sql: sql, types: types, name: name) }
        guard preparedStatements.count < Self.preparedStatementLimit else { return Statement(sql: sql, types: types, name: nil) }
        let name = "liaison_\(preparedStatements.count)"
        _ = try consume(PQprepare(handle, name, sql, Int32(types.count), types.isEmpty ? nil : types), sql: sql)
        preparedStatements[key] = name
        return Statement(sql: sql, types: types, name: name)
    }

    /// Calls `body` with the statement's values as C strings (nil for NULL), freed after it returns.
    private func withValues<T>(of query: SQLQuery, _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let values: [UnsafeMutablePointer<CChar>?] = query.bindings.map { $0.text.map { strdup($0) } ?? nil }
        defer { values.forEach { free($0) } }
        return values.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { body($0.baseAddress) }
        }
    }

    /// Runs trusted SQL text that may hold several statements (migrations, session setup),
    /// with the simple query protocol. Never pass text that contains input.
    func executeScript(_ sql: String) throws {
        _ = try consume(PQexec(handle, sql), sql: "<script>")
    }

    /// Opens a transaction and applies its settings in ONE round trip: the simple query protocol runs the BEGIN and
    /// the `set_config` calls as one message. The values are quoted as literals (standard_conforming_strings is on).
    func begin(_ statement: String, settings: [TransactionSetting]) throws {
        var script = statement
        if !settings.isEmpty {
            script += "; SELECT " + settings.map { "set_config(\(Self.quoteLiteral($0.name)), \(Self.quoteLiteral($0.value)), true)" }
                .joined(separator: ", ")
        }
        try executeScript(script)
    }

    /// The transaction state as libpq tracks it.
    var isIdleOutsideTransaction: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// A cheap check, without a round trip, that an idle connection is still usable.
    ///
    /// An idle connection should have nothing to read (Liaison does not LISTEN).
    /// Anything readable means the server spoke first — in practice a
    /// termination notice followed by end of file — so the connection is not reused.
    func looksHealthyWhileIdle() -> Bool {
        guard !isBroken, isIdleOutsideTransaction else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    func markBroken() {
        isBroken = true
    }

    /// Turns a libpq result into a `QueryResult` or a `PersistenceError`, and clears it.
    private func consume(_ result: OpaquePointer?, sql: String) throws -> QueryResult {
        guard let result else {
            throw connectionError(sql: sql)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return materialize(result)
        default:
            throw serverError(result, sql: sql)
        }
    }

    private func materialize(_ result: OpaquePointer) -> QueryResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var names: [String] = []
        var types: [PostgresType] = []
        names.reserveCapacity(columnCount)
        types.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            names.append(String(cString: PQfname(result, Int32(column))))
            types.append(PostgresType(oid: UInt32(PQftype(result, Int32(column)))))
        }
        var cells: [String?] = []
        cells.reserveCapacity(rowCount * columnCount)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    cells.append(nil)
                } else {
                    let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                    let pointer = PQgetvalue(result, Int32(row), Int32(column))!
                    cells.append(pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                    })
                }
            }
        }
        let tag = String(cString: PQcmdStatus(result))
        let affected = Int(String(cString: PQcmdTuples(result))) ?? rowCount
        return QueryResult(
            columns: ResultColumns(names: names, types: types), cells: cells, commandTag: tag, affectedRows: affected)
    }

    private func serverError(_ result: OpaquePointer, sql: String) -> PersistenceError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let state = field("C")
        var kind = state.map(PersistenceError.kind(forSQLState:)) ?? .other
        if PQstatus(handle) != CONNECTION_OK {
            isBroken = true
            kind = .connectionLost
        }
        let message = field("M") ?? String(cString: PQresultErrorMessage(result))
        return PersistenceError(
            kind: kind, message: message, sqlState: state, detail: field("D"), hint: field("H"),
            constraint: field("n"), table: field("t"), column: field("c"), query: sql)
    }

    private func connectionError(sql: String) -> PersistenceError {
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        let lost = PQstatus(handle) != CONNECTION_OK
        if lost { isBroken = true }
        return PersistenceError(kind: lost ? .connectionLost : .other, message: message, query: sql)
    }

    /// A string literal for trusted session setup text (standard_conforming_strings is on).
    private static func quoteLiteral(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
