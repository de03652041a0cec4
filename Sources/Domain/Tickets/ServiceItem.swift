import Foundation

/// An item of the service guide (服务指南) and its paid-service price (有偿服务收费标准, INF-5).
/// The company publishes the list; an office item with the same code overrides it for that office.
public struct ServiceItem: Sendable, Hashable {
    public let id: Int64
    /// nil: the company's item.
    public let officeID: Int64?
    public let code: String
    public var name: String
    /// The ticket category it usually serves, if any (for clients' pickers).
    public var category: TicketCategory?
    /// What one unit is (次, 个, 米, 小时).
    public var unit: String
    /// Yuan per unit; 0 is a free service.
    public var price: Decimal
    public var serviceHours: String
    public var phone: String
    public var description: String
    public var archivedAt: Date?
    public var version: Int

    public init(
        id: Int64, officeID: Int64?, code: String, name: String, category: TicketCategory?, unit: String, price: Decimal,
        serviceHours: String, phone: String, description: String, archivedAt: Date?, version: Int
    ) {
        self.id = id
        self.officeID = officeID
        self.code = code
        self.name = name
        self.category = category
        self.unit = unit
        self.price = price
        self.serviceHours = serviceHours
        self.phone = phone
        self.description = description
        self.archivedAt = archivedAt
        self.version = version
    }

    /// A code: capital letters, digits and dashes, 1-20 characters, starting with a letter or digit.
    public static func isValidCode(_ code: String) -> Bool {
        code.range(of: #"^[A-Z0-9][A-Z0-9-]{0,19}$"#, options: .regularExpression) != nil
    }
}

extension ServiceItem: AuditedRecord {
    public var auditEntityType: String { "service_item" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "code": code, "name": name, "category": category?.rawValue, "unit": unit, "price": "\(price)",
            "service_hours": serviceHours, "phone": phone, "description": description,
            "archived": archivedAt == nil ? "false" : "true",
        ]
    }
}
