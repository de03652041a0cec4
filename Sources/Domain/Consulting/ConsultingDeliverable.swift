import Foundation

/// Something the company hands to the developer of a consulting project (EXT-7), which comes back
/// with the developer's receipt (回执) and, with it, the feedback form (意见调查表) and comments.
public struct ConsultingDeliverable: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 实施细则.
        case implementationRules = "implementation_rules"
        /// 建议书.
        case proposal
        /// 方案.
        case plan
        /// 咨询规划.
        case consultingPlan = "consulting_plan"
        /// 物业管理规划与设计.
        case managementDesign = "management_design"
        /// 答疑书.
        case answerBook = "answer_book"
        /// 体系文件样本.
        case systemDocuments = "system_documents"
        case other
    }

    /// The returned receipt and feedback form.
    public struct Receipt: Sendable, Hashable {
        public let receivedOn: LocalDate
        /// Who signed the receipt at the developer.
        public let receivedBy: String
        /// The feedback form's overall rating, 1 (poor) to 5 (excellent), if it came back filled in.
        public let rating: Int?
        public let feedback: String?
        public let recordedBy: Int64

        public init(receivedOn: LocalDate, receivedBy: String, rating: Int?, feedback: String?, recordedBy: Int64) {
            self.receivedOn = receivedOn
            self.receivedBy = receivedBy
            self.rating = rating
            self.feedback = feedback
            self.recordedBy = recordedBy
        }
    }

    public let id: Int64
    public let projectID: Int64
    public let kind: Kind
    public let title: String
    public let deliveredOn: LocalDate
    public let deliveredBy: Int64
    public let recordedAt: Date
    public var receipt: Receipt?
    public var version: Int

    public init(
        id: Int64, projectID: Int64, kind: Kind, title: String, deliveredOn: LocalDate, deliveredBy: Int64, recordedAt: Date,
        receipt: Receipt? = nil, version: Int = 1
    ) {
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.title = title
        self.deliveredOn = deliveredOn
        self.deliveredBy = deliveredBy
        self.recordedAt = recordedAt
        self.receipt = receipt
        self.version = version
    }
}

extension ConsultingDeliverable: AuditedRecord {
    public var auditEntityType: String { "consulting_deliverable" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] {
        [
            "project_id": String(projectID), "kind": kind.rawValue, "title": title, "delivered_on": deliveredOn.description,
            "delivered_by": String(deliveredBy), "receipt_on": receipt?.receivedOn.description, "receipt_by": receipt?.receivedBy,
            "feedback_rating": receipt?.rating.map(String.init), "feedback": receipt?.feedback,
        ]
    }
}
