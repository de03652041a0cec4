import Domain
import Hummingbird
import Logging
import OpenAPIRuntime
import Services

/// Turns every error that reaches it into a problem+json response: unknown
/// routes, bodies the contract cannot parse, the database being away, and —
/// without any detail — everything unexpected (logged in full instead).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, request: request, logger: context.logger)
        }
    }

    static func response(for error: any Error, request: Request, logger: Logger) -> Response {
        let path = request.uri.path
        switch error {
        case let error as ServiceError:
            return response(for: error, path: path, logger: logger)
        case let error as ServerError:
            if let serviceError = error.underlyingError as? ServiceError {
                return response(for: serviceError, path: path, logger: logger)
            }
            let kind = ProblemKind(status: error.httpStatus)
            guard kind != .internalError else {
                return internalError(error.underlyingError, path: path, logger: logger)
            }
            // The runtime's description of a request it could not parse names the
            // parameter or body field at fault and nothing of the server.
            return Problem(kind, detail: requestProblemDetail(error), instance: path).response()
        case let error as HTTPError:
            let kind = ProblemKind(status: error.status)
            guard kind != .internalError else { return internalError(error, path: path, logger: logger) }
            let detail = kind == .notFound
                ? "No resource at \(request.method) \(path)."
                : error.body
            return Problem(kind, detail: detail, instance: path).response(headers: error.headers)
        default:
            return internalError(error, path: path, logger: logger)
        }
    }

    /// The problem document of each Service error: the one place they are mapped.
    static func response(for error: ServiceError, path: String, logger: Logger) -> Response {
        switch error {
        case .unavailable:
            logger.warning("database unavailable")
            return Problem(.serviceUnavailable, detail: "The database is unavailable; try again shortly.", instance: path)
                .response(headers: [.retryAfter: "2"])
        case .unauthenticated(let reason):
            let (kind, detail): (ProblemKind, String) = switch reason {
            case .missingToken: (.unauthenticated, "Send a bearer token from POST /v1/sessions.")
            case .invalidToken: (.unauthenticated, "The bearer token is not valid (unknown, ended by logout, or its user is disabled).")
            case .expiredToken: (.tokenExpired, "The bearer token has expired; log in again.")
            }
            return Problem(kind, detail: detail, instance: path).response(headers: [.wwwAuthenticate: "Bearer"])
        case .invalidCredentials:
            return Problem(.invalidCredentials, detail: "The username or password is wrong.", instance: path)
                .response(headers: [.wwwAuthenticate: "Bearer"])
        case .accountDisabled:
            return Problem(.accountDisabled, detail: "This account is disabled.", instance: path).response()
        case .forbidden(let action):
            return Problem(.forbidden, detail: "Your roles do not allow \(action.rawValue).", instance: path).response()
        case .forbiddenHere(let reason):
            return Problem(.forbidden, detail: reason, instance: path).response()
        case .validation(let issues):
            return Problem(
                .validation, detail: "The input breaks \(issues.count == 1 ? "a rule" : "\(issues.count) rules").", instance: path,
                errors: issues.map { .init(field: $0.field, message: $0.message) }
            ).response()
        case .conflict(let field, let message):
            return Problem(.conflict, detail: message, instance: path, errors: [.init(field: field, message: message)]).response()
        case .notFound(let message):
            return Problem(.notFound, detail: message, instance: path).response()
        case .preconditionFailed(let current):
            return Problem(.preconditionFailed, detail: "The record has changed; read it again (ETag \"v\(current)\").", instance: path)
                .response(headers: current > 0 ? [.eTag: "\"v\(current)\""] : [:])
        case .invalidState(let message):
            return Problem(.invalidState, detail: message, instance: path).response()
        case .tooManyRequests(let seconds):
            return Problem(.tooManyRequests, detail: "Too many attempts; retry in \(seconds) seconds.", instance: path)
                .response(headers: [.retryAfter: String(seconds)])
        case .payloadTooLarge(let limit):
            return Problem(.payloadTooLarge, detail: "The request body is larger than \(limit) bytes.", instance: path).response()
        case .unsupportedMediaType(let message):
            return Problem(.unsupportedMediaType, detail: message, instance: path).response()
        }
    }

    private static func internalError(_ error: any Error, path: String, logger: Logger) -> Response {
        logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
        return Problem(.internalError, detail: "The server failed to handle the request.", instance: path).response()
    }

    /// What of the request could not be read: the parameter or body field the decoder names, if it names one (a path
    /// or query value out of range fails the same way as a malformed body).
    private static func requestProblemDetail(_ error: ServerError) -> String {
        guard let decoding = error.underlyingError as? DecodingError else { return error.causeDescription }
        let keys: [any CodingKey] = switch decoding {
        case .keyNotFound(let key, let context): context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath
        @unknown default: []
        }
        let field = keys.map(\.stringValue).filter { !$0.isEmpty }.joined(separator: ".")
        return field.isEmpty
            ? "The request's parameters or body do not fit this operation (malformed JSON, a value of the wrong type or out of range)."
            : "The request's `\(field)` does not fit this operation (missing, of the wrong type or out of range)."
    }
}
