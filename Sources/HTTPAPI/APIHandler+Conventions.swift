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

    /// An exact decimal of the contract's `^[0-9]{1,8}(\.[0-9]{1,2})?$` pattern (areas, amounts in yuan).
    /// The generator does not enforce `pattern`, and Decimal(string:) accepts any valid prefix ("89,5" → 89).
    static func decimal(_ text: String?, field: String) throws -> Decimal? {
        guard let text else { return nil }
        guard text.range(of: #"^[0-9]{1,8}(\.[0-9]{1,2})?$"#, options: .regularExpression) != nil,
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else {
            throw ServiceError.validation([FieldIssue(field, "must be a decimal number with at most 8 digits and 2 decimals, e.g. 89.50")])
        }
        return value
    }

    /// A Domain enum as the contract's enum of the same raw values (or the other way round).
    static func wire<Target: RawRepresentable>(_ value: some RawRepresentable<String>) throws -> Target where Target.RawValue == String {
        guard let target = Target(rawValue: value.rawValue) else {
            throw ServiceError.validation([FieldIssue("body", "\(value.rawValue) is not a known \(Target.self)")])
        }
        return target
    }
}
