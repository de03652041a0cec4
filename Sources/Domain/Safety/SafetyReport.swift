import Foundation

/// A safety observation report in the approval workflow (SAF-4/5): a unit's monthly summary 月小结
/// submitted up the line (seed 5.4.2 "将总结上报"), or the company's quarterly or semiannual
/// bulletin 通报 (5.6). It carries its period's figures from planned cards.
public struct SafetyReport: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A unit's month, reviewed by the QHSE side.
        case monthlySummary = "monthly_summary"
        /// The company's quarter, written by QHSE and approved by leadership.
        case quarterlyBulletin = "quarterly_bulletin"
        /// The company's half year, likewise.
        case semiannualBulletin = "semiannual_bulletin"

        public var flow: ApprovalFlow {
            switch self {
            case .monthlySummary:
                ApprovalFlow(steps: [.init(name: "qhse_review", action: .reviewSafetyReports)], authorAction: .organizeSafety)
            case .quarterlyBulletin, .semiannualBulletin:
                ApprovalFlow(steps: [.init(name: "leadership_approval", action: .approveSafetyReports)], authorAction: .reviewSafetyReports)
            }
        }

        public var periodKind: KPIPeriod.Kind {
            switch self {
            case .monthlySummary: .month
            case .quarterlyBulletin: .quarter
            case .semiannualBulletin: .halfYear
            }
        }

        /// Whether a report of this kind belongs to a unit (summaries) or to the company (bulletins).
        public var hasUnit: Bool { self == .monthlySummary }
    }

    public let id: Int64
    /// nil for the company's bulletins.
    public let unit: SafetyUnit?
    public let kind: Kind
    public let period: KPIPeriod
    public var title: String
    public var body: String
    /// "planned cards 12, random cards 3; reactions 1 safe 0 unsafe; …"
    public let figures: String
    public var state: ApprovalFlow.State
    public var submittedAt: Date?
    public var publishedAt: Date?
    public let createdBy: Int64
    public let createdAt: Date
    public var version: Int

    public init(
        id: Int64, unit: SafetyUnit?, kind: Kind, period: KPIPeriod, title: String, body: String, figures: String, state: ApprovalFlow.State,
        submittedAt: Date?, publishedAt: Date?, createdBy: Int64, createdAt: Date, version: Int
    ) {
        self.id = id
        self.unit = unit
        self.kind = kind
        self.period = period
        self.title = title
        self.body = body
        self.figures = figures
        self.state = state
        self.submittedAt = submittedAt
        self.publishedAt = publishedAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }
}

extension SafetyReport: AuditedRecord {
    public var auditEntityType: String { "safety_report" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { unit?.officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": unit?.officeID.map(String.init), "department_id": unit?.departmentID.map(String.init), "kind": kind.rawValue,
            "period": period.label, "title": title, "body": body, "status": state.status.rawValue, "step": state.step.map(String.init),
        ]
    }
}

extension SafetyStatistics {
    /// The figures a report carries: "planned cards 12, random cards 3; reactions 1 safe 0 unsafe; …".
    public var figuresText: String {
        "planned cards \(plannedCards), random cards \(randomCards); "
            + lines.map { "\($0.category.rawValue) \($0.safe) safe \($0.unsafe) unsafe" }.joined(separator: "; ")
    }
}
