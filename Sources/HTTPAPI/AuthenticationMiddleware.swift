import Foundation
import HTTPTypes
import OpenAPIRuntime
import Services

/// Authenticates every operation that openapi.yaml does not declare public (`security: []`) before the generated
/// code decodes its parameters and body. A request without a valid token therefore gets 401 and nothing else: not a
/// 400 describing the body it should have sent, not a 404 telling which ids exist. The handler reuses the result
/// (`Authenticated.current`), so a request costs one session lookup as before.
/// `SecurityEndpointTests` checks `publicOperations` against openapi.yaml, operation by operation.
struct AuthenticationMiddleware: ServerMiddleware {
    let auth: AuthService

    /// The operations open without a token: probes and metrics, the login, and the public feeds and survey forms that
    /// carry their own unguessable key in the path.
    static let publicOperations: Set<String> = [
        "getHealth", "getReady", "getMetrics", "createSession", "getPublicNoticeFeed", "getPublicNoticeAtomFeed",
        "getPublicSurvey", "answerPublicSurvey",
    ]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard !Self.publicOperations.contains(operationID) else { return try await next(request, body, metadata) }
        let authentication = try await auth.authenticate(bearer: RequestMetadata.current?.bearerToken)
        return try await Authenticated.$current.withValue(authentication) { try await next(request, body, metadata) }
    }
}

/// The authentication `AuthenticationMiddleware` did for the request being handled.
enum Authenticated {
    @TaskLocal static var current: AuthService.Authentication?
}
