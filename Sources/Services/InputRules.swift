import Foundation

/// The rules free text and reported times in Liaison follow, in one place so that every Service
/// answers bad input the same way (a 422 naming the field).
enum InputRules {
    /// Trimmed, with 1-`limit` characters (an issue otherwise).
    static func required(_ text: String, field: String, limit: Int, issues: inout [FieldIssue]) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > limit { issues.append(FieldIssue(field, "must have 1-\(limit) characters")) }
        return trimmed
    }

    /// Trimmed, at most `limit` characters; nil stays nil and blank becomes nil.
    static func optional(_ text: String?, field: String, limit: Int, issues: inout [FieldIssue]) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        if trimmed.count > limit { issues.append(FieldIssue(field, "must have at most \(limit) characters")) }
        return trimmed
    }

    /// How far back a reported time (a call, a letter's arrival) may lie.
    static let reportWindow: TimeInterval = 31 * 86_400
    /// Clocks of clients and server differ a little; a report this far ahead still counts as now.
    static let clockSkew: TimeInterval = 300

    /// A time something happened, reported now: not in the future, not more than 31 days back.
    static func reportedTime(_ instant: Date, field: String, now: Date, issues: inout [FieldIssue]) {
        if instant > now.addingTimeInterval(clockSkew) {
            issues.append(FieldIssue(field, "is in the future"))
        } else if instant < now.addingTimeInterval(-reportWindow) {
            issues.append(FieldIssue(field, "is more than 31 days ago; record things as they happen"))
        }
    }
}
