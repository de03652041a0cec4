import Foundation

/// An owner or occupant (业主/住户) of an office's estates, with contact data (ORG-3).
public struct Owner: Sendable, Hashable {
    /// How a person relates to a unit.
    public enum Relation: String, Sendable, CaseIterable {
        case owner, tenant, resident
    }

    public struct UnitLink: Sendable, Hashable {
        public let unitID: Int64
        public let relation: Relation

        public init(unitID: Int64, relation: Relation) {
            self.unitID = unitID
            self.relation = relation
        }
    }

    public let id: Int64
    public let officeID: Int64
    public let name: String
    public let phone: String
    public let email: String
    /// 重要客户: key customers get in-person visits (SRV-3).
    public let keyCustomer: Bool
    public let note: String
    public let units: [UnitLink]
    public let archivedAt: Date?
    public let version: Int

    public init(
        id: Int64, officeID: Int64, name: String, phone: String, email: String, keyCustomer: Bool, note: String,
        units: [UnitLink], archivedAt: Date?, version: Int
    ) {
        self.id = id
        self.officeID = officeID
        self.name = name
        self.phone = phone
        self.email = email
        self.keyCustomer = keyCustomer
        self.note = note
        self.units = units
        self.archivedAt = archivedAt
        self.version = version
    }
}

extension Owner: AuditedRecord {
    public var auditEntityType: String { "owner" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        ["name": name, "phone": phone, "email": email, "key_customer": String(keyCustomer), "note": note,
         "units": units.map { "\($0.unitID):\($0.relation.rawValue)" }.sorted().joined(separator: ","),
         "archived_at": archivedAt.map(\.auditText)]
    }
}

/// Filters of the owner list; nil means "any".
public struct OwnerFilter: Sendable {
    public var officeID: Int64?
    public var estateID: Int64?
    public var unitID: Int64?
    public var keyCustomer: Bool?
    /// Contained in the name or phone.
    public var text: String?
    public var includeArchived: Bool

    public init(officeID: Int64? = nil, estateID: Int64? = nil, unitID: Int64? = nil, keyCustomer: Bool? = nil, text: String? = nil, includeArchived: Bool = false) {
        self.officeID = officeID
        self.estateID = estateID
        self.unitID = unitID
        self.keyCustomer = keyCustomer
        self.text = text
        self.includeArchived = includeArchived
    }
}
