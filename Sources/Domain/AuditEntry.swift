import Foundation

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

/// An audit row as read back.
public struct AuditEvent: Sendable, Equatable {
    public let id: Int64
    public let at: Date
    public let actorUserID: Int64?
    public let actorUsername: String
    public let entry: AuditEntry
    public let requestID: String?

    public init(id: Int64, at: Date, actorUserID: Int64?, actorUsername: String, entry: AuditEntry, requestID: String?) {
        self.id = id
        self.at = at
        self.actorUserID = actorUserID
        self.actorUsername = actorUsername
        self.entry = entry
        self.requestID = requestID
    }
}

/// Filters of the audit trail; nil means "any". `from` is inclusive, `to` exclusive.
public struct AuditFilter: Sendable, Equatable {
    public var entityType: String?
    public var entityID: String?
    public var actorUserID: Int64?
    public var officeID: Int64?
    public var from: Date?
    public var to: Date?

    public init(entityType: String? = nil, entityID: String? = nil, actorUserID: Int64? = nil, officeID: Int64? = nil, from: Date? = nil, to: Date? = nil) {
        self.entityType = entityType
        self.entityID = entityID
        self.actorUserID = actorUserID
        self.officeID = officeID
        self.from = from
        self.to = to
    }
}
