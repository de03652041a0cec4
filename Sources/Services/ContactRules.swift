import Foundation

/// The rules every phone number and e-mail address in Liaison follows (owners, developer
/// contacts, committee members): one place, so they agree.
enum ContactRules {
    /// At most 32 digits, spaces, `+`, `-`, `(` or `)`; empty is allowed.
    static func phoneIssue(_ phone: String, field: String) -> FieldIssue? {
        guard phone.count > 32 || phone.range(of: #"^[0-9+\- ()]*$"#, options: .regularExpression) == nil else { return nil }
        return FieldIssue(field, "must be at most 32 digits, spaces, '+', '-', '(' or ')'")
    }

    /// Something@something, at most 254 characters; empty is allowed.
    static func emailIssue(_ email: String, field: String) -> FieldIssue? {
        guard email.count > 254 || (!email.isEmpty && email.range(of: #"^[^@\s]+@[^@\s]+$"#, options: .regularExpression) == nil)
        else { return nil }
        return FieldIssue(field, "must be an e-mail address")
    }

    /// Trimmed, and at most `limit` characters (an issue otherwise).
    static func name(_ text: String, field: String, limit: Int = 100, issues: inout [FieldIssue]) -> String {
        InputRules.required(text, field: field, limit: limit, issues: &issues)
    }
}
