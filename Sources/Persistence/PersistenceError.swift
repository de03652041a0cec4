/// The one error type of the Persistence layer.
///
/// It keeps everything needed to diagnose a failure (SQLSTATE, constraint,
/// detail, the query text without its values, where it was raised) while its
/// `description` stays generic, so nothing of it leaks to clients by accident.
/// Services switch on `kind`, never on SQLSTATE strings.
public struct PersistenceError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// 23505: a unique constraint or index refused a duplicate.
        case uniqueViolation
        /// 23503: a foreign key points at a row that does not exist (or is still referenced).
        case foreignKeyViolation
        /// 23514: a check constraint refused the value.
        case checkViolation
        /// 23502: a NOT NULL column got NULL.
        case notNullViolation
        /// 23P01: an exclusion constraint refused the row.
        case exclusionViolation
        /// 40001: the transaction could not be serialized; retrying may succeed.
        case serializationFailure
        /// 40P01: the transaction was chosen as a deadlock victim; retrying may succeed.
        case deadlockDetected
        /// 42501 or an RLS refusal: the database role may not do this.
        case insufficientPrivilege
        /// 22xxx: the database refused a value (out of range, invalid text representation, …).
        case invalidValue
        /// 57014: the statement was cancelled (statement_timeout or a cancel request).
        case queryCanceled
        /// A new connection could not be opened.
        case connectionFailed
        /// An open connection broke (server restart, backend terminated, network).
        case connectionLost
        /// No connection became free within the pool's acquire timeout.
        case poolTimeout
        /// The pool was shut down.
        case poolClosed
        /// A value could not be decoded into the Swift type asked for.
        case decoding
        /// A column name that the result does not have.
        case missingColumn
        /// `withTransaction` was called inside another transaction of the same task.
        case nestedTransaction
        /// A connection handle was used after its closure returned.
        case handleUsedOutsideScope
        /// Any other database error; see `sqlState`.
        case other
    }

    /// The part of a transaction that failed.
    public enum TransactionStage: String, Sendable {
        case begin, body, commit, rollback
    }

    public var kind: Kind
    /// The five-character SQLSTATE, when the server sent one.
    public var sqlState: String?
    /// The primary message (server's or ours). May name tables and values: log it, do not send it to clients.
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?
    /// The SQL text without values (values are always bound as parameters).
    public var query: String?
    public var transactionStage: TransactionStage?
    public var file: String
    public var line: Int

    public init(
        kind: Kind,
        message: String,
        sqlState: String? = nil,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        table: String? = nil,
        column: String? = nil,
        query: String? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
        self.query = query
        self.file = file
        self.line = line
    }

    /// The kind for a SQLSTATE, per the PostgreSQL error-code appendix.
    public static func kind(forSQLState state: String) -> Kind {
        switch state {
        case "23505": .uniqueViolation
        case "23503": .foreignKeyViolation
        case "23514": .checkViolation
        case "23502": .notNullViolation
        case "23P01": .exclusionViolation
        case "40001": .serializationFailure
        case "40P01": .deadlockDetected
        case "42501": .insufficientPrivilege
        case "57014": .queryCanceled
        // Class 54 (program limit exceeded): a value too large for an index or a row.
        case "54000", "54001": .invalidValue
        // Class 08 (connection exception) and the admin-shutdown family of 57P.
        case "57P01", "57P02", "57P03": .connectionLost
        default:
            if state.hasPrefix("08") { .connectionLost }
            else if state.hasPrefix("22") { .invalidValue }
            else { .other }
        }
    }

    /// Whether running the whole transaction again may succeed.
    public var isRetryableTransactionFailure: Bool {
        kind == .serializationFailure || kind == .deadlockDetected
    }

    /// Whether the failure is the database being unreachable rather than the request being wrong.
    public var isUnavailability: Bool {
        switch kind {
        case .connectionFailed, .connectionLost, .poolTimeout, .poolClosed: true
        default: false
        }
    }

    /// Generic on purpose: safe to show anywhere.
    public var description: String {
        "database error (\(kind))"
    }

    /// Everything, for logs.
    public var debugDescription: String {
        var parts = ["PersistenceError(\(kind)", "message: \(message)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        if let transactionStage { parts.append("stage: \(transactionStage.rawValue)") }
        if let query { parts.append("query: \(query)") }
        parts.append("at: \(file):\(line)")
        return parts.joined(separator: ", ") + ")"
    }
}
