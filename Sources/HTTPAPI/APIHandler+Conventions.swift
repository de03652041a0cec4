import Foundation
import Domain
import Services

// The HTTP conventions every handler shares: ETags, If-Match, pagination, bodies.
extension APIHandler {
    /// `"v3"`: a strong ETag naming the record's version.
    static func eTag(_ version: Int) -> String { "\"v\(version)\"" }

    /// The version an `If-Match` names; nil when absent or `*`. One that names no
    /// version can match nothing, so it fails the precondition (412).
    static func version(_ ifMatch: String?) throws -> Int? {
        guard let ifMatch = ifMatch?.trimmingCharacters(in: .whitespaces), !ifMatch.isEmpty, ifMatch != "*" else { return nil }
        let tag = ifMatch.hasPrefix("W/") ? String(ifMatch.dropFirst(2)) : ifMatch
        guard tag.hasPrefix("\"v"), tag.hasSuffix("\""), let version = Int(tag.dropFirst(2).dropLast()) else {
            throw ServiceError.preconditionFailed(currentVersion: 0)
        }
        return version
    }

    /// A bounded page request, or a 422 naming the parameter.
    static func pageRequest(_ limit: Int?, _ after: String?) throws -> PageRequest {
        guard let request = PageRequest(limit: limit, cursor: after) else {
            var issues: [FieldIssue] = []
            if let limit, !(1...PageRequest.maximumLimit).contains(limit) {
                issues.append(FieldIssue("limit", "must be 1-\(PageRequest.maximumLimit)"))
            }
            if after != nil, issues.isEmpty { issues.append(FieldIssue("after", "is not a cursor from this API")) }
            throw ServiceError.validation(issues)
        }
        return request
    }

    /// A body the contract declared as JSON arrived as something else.
    static var notJSON: ServiceError { .validation([FieldIssue("body", "must be JSON")]) }
}
