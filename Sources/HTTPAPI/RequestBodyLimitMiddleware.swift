import Foundation
import HTTPTypes
import OpenAPIRuntime
import Services

/// Bounds every request body before the generated code collects and decodes it (which it would do without a limit):
/// at most `jsonLimit` bytes, 413 above it, whether the client declares a Content-Length or streams. Uploads have their
/// own, larger limit (`AttachmentPolicy`), checked as their bytes arrive by the attachment handler.
struct RequestBodyLimitMiddleware: ServerMiddleware {
    /// The largest JSON body accepted: far above any form of this API (the longest texts are 8000 characters).
    static let jsonLimit = 1024 * 1024
    /// Operations whose body is a file, bounded by their handler.
    static let uploads: Set<String> = ["uploadAttachment"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body, !Self.uploads.contains(operationID) else { return try await next(request, body, metadata) }
        if let declared = request.headerFields[.contentLength].flatMap(Int.init), declared > Self.jsonLimit {
            throw ServiceError.payloadTooLarge(limitBytes: Self.jsonLimit)
        }
        var bytes: [UInt8] = []
        for try await chunk in body {
            guard bytes.count + chunk.count <= Self.jsonLimit else { throw ServiceError.payloadTooLarge(limitBytes: Self.jsonLimit) }
            bytes += chunk
        }
        return try await next(request, HTTPBody(bytes), metadata)
    }
}
