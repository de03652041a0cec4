/// One audit row: who did what to which record, with the fields that changed.
public struct AuditEntry: Sendable, Equatable {
    /// `entity.verb`, e.g. `session.create`, `office.update`.
    public let action: String
    public let entityType: String
    public let entityID: String
    public let officeID: Int64?
    /// Field name → before/after. Secrets (passwords, tokens) are never put here.
    public let changes: [String: FieldChange]

    public init(action: String, entityType: String, entityID: String, officeID: Int64? = nil, changes: [String: FieldChange] = [:]) {
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.officeID = officeID
        self.changes = changes
    }

    /// The fields whose values differ between two snapshots (absent = nil).
    public static func changes(from before: [String: String?], to after: [String: String?]) -> [String: FieldChange] {
        var changes: [String: FieldChange] = [:]
        for key in Set(before.keys).union(after.keys) {
            let old = before[key] ?? nil
            let new = after[key] ?? nil
            if old != new { changes[key] = FieldChange(before: old, after: new) }
        }
        return changes
    }

    public struct FieldChange: Sendable, Equatable, Codable {
        public let before: String?
        public let after: String?

        public init(before: String?, after: String?) {
            self.before = before
            self.after = after
        }
    }
}
