import Foundation

/// A buyer of a developer's units, kept by the sales office 售房部 of the office the units belong to (SAL-1).
public struct SalesBuyer: Sendable, Hashable {
    public let id: Int64
    public let officeID: Int64
    public var name: String
    public var phone: String
    public var note: String?
    public let createdBy: Int64
    public let createdAt: Date
    public var version: Int

    public init(id: Int64, officeID: Int64, name: String, phone: String, note: String?, createdBy: Int64, createdAt: Date, version: Int) {
        self.id = id
        self.officeID = officeID
        self.name = name
        self.phone = phone
        self.note = note
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }
}

extension SalesBuyer: AuditedRecord {
    public var auditEntityType: String { "sales_buyer" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] { ["name": name, "phone": phone, "note": note] }
}
