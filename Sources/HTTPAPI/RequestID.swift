import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The id of the request being handled, for problem documents and logs.
enum RequestID {
    @TaskLocal static var current: String?

    static let headerName = HTTPField.Name("X-Request-Id")!

    /// A client's id is kept when it is 1-128 visible ASCII characters; otherwise a new one is made.
    static func accept(_ candidate: String?) -> String? {
        guard let candidate, (1...128).contains(candidate.utf8.count),
              candidate.utf8.allSatisfy({ (0x21...0x7e).contains($0) })
        else { return nil }
        return candidate
    }

    static func generate() -> String {
        UUID().uuidString.lowercased()
    }
}

/// Gives every request an id: echoed in `X-Request-Id`, in every log line
/// (`request_id`), and in every problem document.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = RequestID.accept(request.headers[RequestID.headerName]) ?? RequestID.generate()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await RequestID.$current.withValue(id) {
            try await next(request, context)
        }
        response.headers[RequestID.headerName] = id
        return response
    }
}
