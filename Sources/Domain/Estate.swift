import Foundation

/// An estate or project (小区/项目) run by one office (ORG-2, ORG-3).
public struct Estate: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Residential estate with many owners.
        case residential
        /// Commercial project with a single large owner (gets monthly briefings, EXT-6).
        case commercial
    }

    public let id: Int64
    public let officeID: Int64
    public let code: String
    public let name: String
    public let kind: Kind
    public let address: String
    /// The developer (发展商) that built it (ORG-4), once known.
    public let developerID: Int64?
    public let archivedAt: Date?
    public let version: Int

    public init(
        id: Int64, officeID: Int64, code: String, name: String, kind: Kind, address: String, developerID: Int64? = nil,
        archivedAt: Date?, version: Int
    ) {
        self.id = id
        self.officeID = officeID
        self.code = code
        self.name = name
        self.kind = kind
        self.address = address
        self.developerID = developerID
        self.archivedAt = archivedAt
        self.version = version
    }

    /// `EST01`: an upper-case letter, then 1-15 upper-case letters or digits (it prefixes ticket numbers).
    public static func isValidCode(_ code: String) -> Bool {
        code.range(of: #"^[A-Z][A-Z0-9]{1,15}$"#, options: .regularExpression) != nil
    }
}

extension Estate: AuditedRecord {
    public var auditEntityType: String { "estate" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        ["office_id": String(officeID), "code": code, "name": name, "kind": kind.rawValue, "address": address,
         "developer_id": developerID.map(String.init), "archived_at": archivedAt.map(\.auditText)]
    }
}

/// A building (楼栋) of an estate.
public struct Building: Sendable, Hashable {
    public let id: Int64
    public let officeID: Int64
    public let estateID: Int64
    public let name: String
    public let archivedAt: Date?
    public let version: Int

    public init(id: Int64, officeID: Int64, estateID: Int64, name: String, archivedAt: Date?, version: Int) {
        self.id = id
        self.officeID = officeID
        self.estateID = estateID
        self.name = name
        self.archivedAt = archivedAt
        self.version = version
    }
}

extension Building: AuditedRecord {
    public var auditEntityType: String { "building" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        ["estate_id": String(estateID), "name": name, "archived_at": archivedAt.map(\.auditText)]
    }
}

/// A unit (房号) of a building, to which owners and occupants are linked (ORG-3).
public struct EstateUnit: Sendable, Hashable {
    public let id: Int64
    public let officeID: Int64
    public let buildingID: Int64
    /// The unit number as the estate writes it (`1-101`, `A座1203`).
    public let number: String
    public let floor: Int?
    /// Floor area in square metres, exact.
    public let areaSqm: Decimal?
    public let archivedAt: Date?
    public let version: Int

    public init(id: Int64, officeID: Int64, buildingID: Int64, number: String, floor: Int?, areaSqm: Decimal?, archivedAt: Date?, version: Int) {
        self.id = id
        self.officeID = officeID
        self.buildingID = buildingID
        self.number = number
        self.floor = floor
        self.areaSqm = areaSqm
        self.archivedAt = archivedAt
        self.version = version
    }
}

/// Filters of the estate list; nil means "any".
public struct EstateFilter: Sendable {
    public var officeID: Int64?
    public var kind: Estate.Kind?
    /// Matches code or name, case-insensitively (CJK text too).
    public var text: String?
    public var includeArchived: Bool

    public init(officeID: Int64? = nil, kind: Estate.Kind? = nil, text: String? = nil, includeArchived: Bool = false) {
        self.officeID = officeID
        self.kind = kind
        self.text = text
        self.includeArchived = includeArchived
    }
}

extension EstateUnit: AuditedRecord {
    public var auditEntityType: String { "unit" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        ["building_id": String(buildingID), "number": number, "floor": floor.map(String.init),
         "area_sqm": areaSqm.map { "\($0)" }, "archived_at": archivedAt.map(\.auditText)]
    }
}
