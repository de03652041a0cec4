/// The roles of ORG-5 (seeded defaults). HQ roles act across offices; office
/// roles act only inside the offices a user belongs to; BI_READER only reads.
public enum Role: String, CaseIterable, Sendable, Codable, Hashable {
    case generalManager = "GENERAL_MANAGER"      // 总经理
    case managementRep = "MANAGEMENT_REP"        // 管理者代表
    case qualityStaff = "QUALITY_STAFF"          // 品质管理部
    case adminStaff = "ADMIN_STAFF"              // 行政人事部
    case financeStaff = "FINANCE_STAFF"          // 财务部
    case engineeringStaff = "ENGINEERING_STAFF"  // 工程技术部
    case securityStaff = "SECURITY_STAFF"        // 保安部
    case businessStaff = "BUSINESS_STAFF"        // 经营管理部
    case consultant = "CONSULTANT"               // 驻场顾问
    case officeManager = "OFFICE_MANAGER"        // 管理处经理/主任
    case frontDesk = "FRONT_DESK"                // 前台/客服助理
    case technician = "TECHNICIAN"               // 专业责任人
    case supervisor = "SUPERVISOR"               // 主管/领班
    case salesStaff = "SALES_STAFF"              // 售房部 (SAL-1)
    case biReader = "BI_READER"

    /// HQ roles act across all offices (ORG-5).
    public var actsAcrossOffices: Bool {
        switch self {
        case .generalManager, .managementRep, .qualityStaff, .adminStaff, .financeStaff, .engineeringStaff,
             .securityStaff, .businessStaff, .consultant, .biReader:
            true
        case .officeManager, .frontDesk, .technician, .supervisor, .salesStaff:
            false
        }
    }
}
