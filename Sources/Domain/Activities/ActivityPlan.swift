import Foundation

/// A yearly community culture activity plan (INF-6, seed 002 9: "每年初要根据公司的全年社区文化活动计划制定本管理处的社区文化活动计划"):
/// the company's (no office), written and published by BUSINESS; or an office's, derived from the company's
/// plan of its year and approved by BUSINESS through the shared approval workflow.
public struct ActivityPlan: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public let quarter: Int
        public let theme: String

        public init(quarter: Int, theme: String) {
            self.quarter = quarter
            self.theme = theme
        }
    }

    public let id: Int64
    /// nil: the company's plan.
    public let officeID: Int64?
    public let year: Int
    /// An office plan's company plan.
    public let companyPlanID: Int64?
    public var title: String
    public var body: String
    public var items: [Item]
    public var state: ApprovalFlow.State
    public var submittedAt: Date?
    public var publishedAt: Date?
    public let createdBy: Int64
    public let createdAt: Date
    public var version: Int

    public init(
        id: Int64, officeID: Int64?, year: Int, companyPlanID: Int64?, title: String, body: String, items: [Item], state: ApprovalFlow.State = .draft,
        submittedAt: Date? = nil, publishedAt: Date? = nil, createdBy: Int64, createdAt: Date, version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.year = year
        self.companyPlanID = companyPlanID
        self.title = title
        self.body = body
        self.items = items
        self.state = state
        self.submittedAt = submittedAt
        self.publishedAt = publishedAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }

    /// The company's plan is published by its author; an office's goes through BUSINESS's approval first.
    public var flow: ApprovalFlow { officeID == nil ? Self.companyFlow : Self.officeFlow }

    public static let companyFlow = ApprovalFlow(steps: [], authorAction: .planActivities)
    public static let officeFlow = ApprovalFlow(
        steps: [ApprovalFlow.Step(name: "business_approval", action: .approveActivityPlans)], authorAction: .planActivities)
}

extension ActivityPlan: AuditedRecord {
    public var auditEntityType: String { "activity_plan" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": officeID.map(String.init), "year": String(year), "company_plan_id": companyPlanID.map(String.init), "title": title,
            "body": body, "items": items.map { "Q\($0.quarter) \($0.theme)" }.joined(separator: "\n"), "status": state.status.rawValue,
            "step": state.step.map(String.init),
        ]
    }
}
