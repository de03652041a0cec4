import Foundation

/// A need one member of staff writes in the yearly census (INF-7), from their office (nil: HQ).
public struct StaffNeed: Sendable, Hashable {
    public enum Category: String, Sendable, CaseIterable {
        /// 培训: skills, qualifications.
        case training
        /// 薪酬福利: pay, allowances, insurance, holidays.
        case payAndBenefits = "pay_and_benefits"
        /// 工作条件: tools, uniforms, rosters, safety at work.
        case workingConditions = "working_conditions"
        /// 职业发展: promotion, transfers.
        case career
        /// 生活: dormitory, meals, commuting.
        case living
        case other
    }

    public let id: Int64
    public let censusID: Int64
    public let officeID: Int64?
    public let submittedBy: Int64
    public let submittedAt: Date
    public let category: Category
    public let content: String
    public var answer: LeadershipAnswer?
    public var version: Int

    public init(
        id: Int64, censusID: Int64, officeID: Int64?, submittedBy: Int64, submittedAt: Date, category: Category, content: String,
        answer: LeadershipAnswer? = nil, version: Int = 1
    ) {
        self.id = id
        self.censusID = censusID
        self.officeID = officeID
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.category = category
        self.content = content
        self.answer = answer
        self.version = version
    }
}

extension StaffNeed: AuditedRecord {
    public var auditEntityType: String { "staff_need" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        ["census_id": String(censusID), "category": category.rawValue, "content": content].merging(LeadershipAnswer.auditFields(answer)) { $1 }
    }
}
