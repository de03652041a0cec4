import Domain
import Persistence

/// The errors a Service call reports, in the terms of its callers. The HTTP
/// layer maps each case to a problem document; nothing above Services sees
/// a `PersistenceError` or an SQLSTATE.
public enum ServiceError: Error, Sendable, Equatable {
    /// The database cannot be reached right now; the caller may retry.
    case unavailable
    /// No valid bearer token: missing, unknown, revoked, expired, or its user disabled.
    case unauthenticated(UnauthenticatedReason)
    /// Login with a wrong username or password (deliberately not saying which).
    case invalidCredentials
    /// Login with the right password for a disabled account.
    case accountDisabled
    /// The actor's roles do not allow the action.
    case forbidden(Action)
    /// The roles allow the action, but not on this record (e.g. another department's form); says why.
    case forbiddenHere(String)
    /// Input that is well-formed but breaks a rule; each issue names its field.
    case validation([FieldIssue])
    /// A uniqueness rule (e.g. a duplicate code); names the field.
    case conflict(field: String, message: String)
    /// No such record, or one the caller may not see (the two are not told apart, so ids do not leak).
    case notFound(String)
    /// The record changed since the caller read it (If-Match); carries the current version.
    case preconditionFailed(currentVersion: Int)
    /// The record is in a state that forbids the change (e.g. archived).
    case invalidState(String)
    /// Too many failed logins, or too many requests without a login; retry after this many seconds.
    case tooManyRequests(retryAfterSeconds: Int)
    /// An upload above the size limit (413).
    case payloadTooLarge(limitBytes: Int)
    /// An upload whose bytes are not of a type that is accepted, or not of the type it declares (415).
    case unsupportedMediaType(String)

    public enum UnauthenticatedReason: String, Sendable, Equatable {
        case missingToken, invalidToken, expiredToken
    }

    /// Maps what a repository threw to what the caller should see:
    /// unavailability becomes `.unavailable`, everything else passes through.
    public static func translating(_ error: any Error) -> any Error {
        if let error = error as? PersistenceError, error.isUnavailability { return ServiceError.unavailable }
        if let error = error as? AuthorizationError { return ServiceError.forbidden(error.action) }
        return error
    }
}

/// One problem with one input field.
public struct FieldIssue: Sendable, Equatable {
    /// The field's name as the API spells it (e.g. `username`, `newPassword`).
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Who calls a Service, for permission checks and the audit trail.
public struct Caller: Sendable {
    public let actor: Actor
    /// The request id, stored with audit rows.
    public let requestID: String?

    public init(actor: Actor, requestID: String?) {
        self.actor = actor
        self.requestID = requestID
    }
}
