/// A record whose changes the audit trail describes field by field.
public protocol AuditedRecord: Sendable {
    /// `office`, `estate`, … — the entity type of its audit rows and the prefix of their actions.
    var auditEntityType: String { get }
    var auditEntityID: String { get }
    /// The office the record belongs to, for audit queries per office; nil for company-wide records.
    var auditOfficeID: Int64? { get }
    /// The fields the audit trail compares, as text (nil for absent).
    var auditFields: [String: String?] { get }
}

extension AuditEntry {
    /// The audit row of creating a record: every field, before nothing.
    public static func created<Record: AuditedRecord>(_ record: Record) -> AuditEntry {
        AuditEntry(
            action: "\(record.auditEntityType).create", entityType: record.auditEntityType, entityID: record.auditEntityID,
            officeID: record.auditOfficeID, changes: changes(from: [:], to: record.auditFields))
    }

    /// The audit row of changing a record (`verb`: update, archive, restore, …): the fields that differ.
    public static func changed<Record: AuditedRecord>(_ verb: String, from before: Record, to after: Record) -> AuditEntry {
        AuditEntry(
            action: "\(after.auditEntityType).\(verb)", entityType: after.auditEntityType, entityID: after.auditEntityID,
            officeID: after.auditOfficeID, changes: changes(from: before.auditFields, to: after.auditFields))
    }
}
