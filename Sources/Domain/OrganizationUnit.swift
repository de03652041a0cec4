import Foundation

/// An HQ department (ORG-1) or a management office (ORG-2): both are coded,
/// named units of the company, archived rather than deleted.
public struct OrganizationUnit: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case office, department
    }

    public let kind: Kind
    public let id: Int64
    /// Short upper-case code, unique per kind (`QUALITY`, `EST01`).
    public let code: String
    public let name: String
    public let nameEn: String
    public let archivedAt: Date?
    public let version: Int

    public init(kind: Kind, id: Int64, code: String, name: String, nameEn: String, archivedAt: Date?, version: Int) {
        self.kind = kind
        self.id = id
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.archivedAt = archivedAt
        self.version = version
    }


    /// Codes: an upper-case letter, then 1-15 upper-case letters or digits (departments may use `_`, up to 32).
    public static func isValidCode(_ code: String, kind: Kind) -> Bool {
        let pattern = kind == .office ? #"^[A-Z][A-Z0-9]{1,15}$"# : #"^[A-Z][A-Z0-9_]{1,31}$"#
        return code.range(of: pattern, options: .regularExpression) != nil
    }
}

extension OrganizationUnit: AuditedRecord {
    public var auditEntityType: String { kind.rawValue }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { kind == .office ? id : nil }
    public var auditFields: [String: String?] {
        ["code": code, "name": name, "name_en": nameEn, "archived_at": archivedAt.map(\.auditText)]
    }
}

extension Date {
    /// ISO 8601 in UTC, as audit rows show instants.
    public var auditText: String { formatted(.iso8601) }
}
