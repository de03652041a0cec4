import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What the HTTP layer knows about the request being handled, for handlers
/// (which the generated server gives only the contract's input) and for
/// problem documents: its id, its bearer token, and the client's address.
struct RequestMetadata: Sendable {
    @TaskLocal static var current: RequestMetadata?

    let id: String
    let bearerToken: String?
    let clientAddress: String

    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    /// A client's id is kept when it is 1-128 visible ASCII characters; otherwise a new one is made.
    static func acceptRequestID(_ candidate: String?) -> String? {
        guard let candidate, (1...128).contains(candidate.utf8.count),
              candidate.utf8.allSatisfy({ (0x21...0x7e).contains($0) })
        else { return nil }
        return candidate
    }

    /// The token of an `Authorization: Bearer …` header (scheme case-insensitive), or nil.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}

/// The request context of every route: Hummingbird's core, plus the peer address (for login throttling).
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}

/// Gives every request an id — echoed in `X-Request-Id`, in every log line
/// (`request_id`) and in every problem document — and makes the request's
/// metadata available to handlers.
struct RequestMetadataMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = RequestMetadata.acceptRequestID(request.headers[RequestMetadata.requestIDHeader]) ?? UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        let metadata = RequestMetadata(
            id: id,
            bearerToken: RequestMetadata.bearerToken(request.headers[.authorization]),
            clientAddress: context.remoteAddress?.ipAddress ?? "unknown")
        var response = try await RequestMetadata.$current.withValue(metadata) {
            try await next(request, context)
        }
        response.headers[RequestMetadata.requestIDHeader] = id
        return response
    }
}
