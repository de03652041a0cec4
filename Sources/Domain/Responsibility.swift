/// Categories of front-desk information (TKT-4): what a ticket is about.
public enum TicketCategory: String, Sendable, CaseIterable, Codable {
    case complaint      // 投诉
    case help           // 求助
    case inquiry        // 咨询
    case engineering    // 工程 (repairs)
    case security       // 安全
    case fire           // 消防
    case cleaning       // 清洁
    case suggestion     // 建议
    case praise         // 表扬
}

/// The teams of a management office (ORG-2).
public enum OfficeTeam: String, Sendable, CaseIterable, Codable {
    case customerService = "customer_service"   // 客服中心/前台
    case engineering                            // 工程维修
    case orderSecurity = "order_security"       // 秩序维护
    case environment                            // 环境 (cleaning, greening)
    case management                             // 经理/主任
}

/// One row of an office's responsibility table (各部门责任落实表, ORG-7): who answers
/// a category of information; dispatch proposes its default person.
public struct Responsibility: Sendable, Hashable {
    public let officeID: Int64
    public let category: TicketCategory
    public let team: OfficeTeam
    /// The person dispatch proposes by default (an active member of the office), if any.
    public let defaultUserID: Int64?
    public let version: Int

    public init(officeID: Int64, category: TicketCategory, team: OfficeTeam, defaultUserID: Int64?, version: Int) {
        self.officeID = officeID
        self.category = category
        self.team = team
        self.defaultUserID = defaultUserID
        self.version = version
    }
}

extension Responsibility: AuditedRecord {
    public var auditEntityType: String { "responsibility" }
    public var auditEntityID: String { "\(officeID):\(category.rawValue)" }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        ["category": category.rawValue, "team": team.rawValue, "default_user_id": defaultUserID.map(String.init)]
    }
}
