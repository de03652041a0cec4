import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Undoes the OpenAPI runtime's percent-encoding of response header values
/// (swift-openapi-generator issues #529 and #857): `ETag: "v3"` must go out
/// with its quotes, `Location` with its slashes. Only the headers Liaison
/// declares with free-form values are touched.
struct PlainResponseHeadersMiddleware: ServerMiddleware {
    static let headers: [HTTPField.Name] = [.eTag, .location, .cacheControl, .contentDisposition]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, responseBody) = try await next(request, body, metadata)
        for name in Self.headers {
            if let value = response.headerFields[name], let plain = value.removingPercentEncoding {
                response.headerFields[name] = plain
            }
        }
        return (response, responseBody)
    }
}
