import APIContract
import Foundation
import Hummingbird

/// An RFC 9457 problem document. Every error Liaison answers with is one,
/// with a stable `type` per kind of error (`urn:liaison:problem:<slug>`).
struct Problem: Encodable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var instance: String?
    var requestId: String?
    var errors: [FieldError]?

    struct FieldError: Encodable, Sendable {
        var field: String
        var message: String
    }

    init(_ kind: ProblemKind, detail: String? = nil, instance: String? = nil, errors: [FieldError]? = nil) {
        self.type = kind.typeURI
        self.title = kind.title
        self.status = Int(kind.status.code)
        self.detail = detail
        self.instance = instance
        self.requestId = RequestMetadata.current?.id
        self.errors = errors
    }

    /// The generated contract's shape of the same document, for typed handler outputs.
    var contract: Components.Schemas.Problem {
        Components.Schemas.Problem(
            _type: type, title: title, status: status, detail: detail, instance: instance, requestId: requestId,
            errors: errors?.map { .init(field: $0.field, message: $0.message) })
    }

    /// The problem as a complete HTTP response.
    func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data(#"{"title":"Internal Server Error","status":500}"#.utf8)
        var headers = extra
        headers[.contentType] = "application/problem+json"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The kinds of problem Liaison reports; their slugs are part of the API contract.
enum ProblemKind: String, Sendable {
    case badRequest = "bad-request"
    case unauthenticated = "unauthenticated"
    case tokenExpired = "token-expired"
    case invalidCredentials = "invalid-credentials"
    case forbidden = "forbidden"
    case accountDisabled = "account-disabled"
    case notFound = "not-found"
    case conflict = "conflict"
    case invalidState = "invalid-state"
    case preconditionFailed = "precondition-failed"
    case validation = "validation"
    case tooManyRequests = "too-many-requests"
    case methodNotAllowed = "method-not-allowed"
    case payloadTooLarge = "payload-too-large"
    case unsupportedMediaType = "unsupported-media-type"
    case notAcceptable = "not-acceptable"
    case serviceUnavailable = "service-unavailable"
    case internalError = "internal-error"

    var typeURI: String { "urn:liaison:problem:\(rawValue)" }

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .unauthenticated, .tokenExpired, .invalidCredentials: .unauthorized
        case .forbidden, .accountDisabled: .forbidden
        case .notFound: .notFound
        case .conflict, .invalidState: .conflict
        case .preconditionFailed: .preconditionFailed
        case .validation: .unprocessableContent
        case .tooManyRequests: .tooManyRequests
        case .methodNotAllowed: .methodNotAllowed
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .notAcceptable: .notAcceptable
        case .serviceUnavailable: .serviceUnavailable
        case .internalError: .internalServerError
        }
    }

    var title: String {
        switch self {
        case .badRequest: "Bad request"
        case .unauthenticated: "Authentication required"
        case .tokenExpired: "Token expired"
        case .invalidCredentials: "Invalid credentials"
        case .forbidden: "Forbidden"
        case .accountDisabled: "Account disabled"
        case .notFound: "Not found"
        case .conflict: "Conflict"
        case .invalidState: "Invalid state"
        case .preconditionFailed: "Precondition failed"
        case .validation: "Validation failed"
        case .tooManyRequests: "Too many requests"
        case .methodNotAllowed: "Method not allowed"
        case .payloadTooLarge: "Payload too large"
        case .unsupportedMediaType: "Unsupported media type"
        case .notAcceptable: "Not acceptable"
        case .serviceUnavailable: "Service unavailable"
        case .internalError: "Internal server error"
        }
    }

    /// The kind for a status code the framework or the OpenAPI runtime chose.
    init(status: HTTPResponse.Status) {
        switch status.code {
        case 401: self = .unauthenticated
        case 403: self = .forbidden
        case 404: self = .notFound
        case 409: self = .conflict
        case 412: self = .preconditionFailed
        case 422: self = .validation
        case 429: self = .tooManyRequests
        case 405: self = .methodNotAllowed
        case 413: self = .payloadTooLarge
        case 415: self = .unsupportedMediaType
        case 406: self = .notAcceptable
        case 503: self = .serviceUnavailable
        case 400..<500: self = .badRequest
        default: self = .internalError
        }
    }
}
