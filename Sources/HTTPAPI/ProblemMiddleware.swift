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
        case let error as ServerError:
            if let unavailable = unavailability(error.underlyingError, logger: logger) { return unavailable }
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
            if let unavailable = unavailability(error, logger: logger) { return unavailable }
            return internalError(error, path: path, logger: logger)
        }
    }

    /// 503 with Retry-After when the database is away; the client may try again.
    private static func unavailability(_ error: any Error, logger: Logger) -> Response? {
        guard case ServiceError.unavailable? = error as? ServiceError else { return nil }
        logger.warning("database unavailable")
        return Problem(.serviceUnavailable, detail: "The database is unavailable; try again shortly.")
            .response(headers: [.retryAfter: "2"])
    }

    private static func internalError(_ error: any Error, path: String, logger: Logger) -> Response {
        logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
        return Problem(.internalError, detail: "The server failed to handle the request.", instance: path).response()
    }

    private static func requestProblemDetail(_ error: ServerError) -> String {
        if error.underlyingError is DecodingError {
            return "The request body is not valid JSON for this operation."
        }
        return error.causeDescription
    }
}
