import Persistence

/// The errors a Service call reports, in the terms of its callers. The HTTP
/// layer maps each case to a problem document; nothing above Services sees
/// a `PersistenceError` or an SQLSTATE.
public enum ServiceError: Error, Sendable, Equatable {
    /// The database cannot be reached right now; the caller may retry.
    case unavailable

    /// Maps what a repository threw to what the caller should see:
    /// unavailability becomes `.unavailable`, everything else passes through.
    public static func translating(_ error: any Error) -> any Error {
        if let error = error as? PersistenceError, error.isUnavailability { return ServiceError.unavailable }
        return error
    }
}
