import Foundation

/// A complaint's corrective action (CMP-3/4): QUALITY's corrective plan, the office's full
/// implementation, QUALITY's return visit that verifies it, and for a major complaint the
/// corrective action report 纠正措施报告 announced company-wide.
public struct CorrectiveAction: Sendable, Hashable {
    /// The corrective action report of a major complaint (CMP-4).
    public struct Report: Sendable, Hashable {
        public var nonconformity: String
        public var cause: String
        public var action: String
        public var effect: String
        public var publishedAt: Date
        public var publishedBy: Int64

        public init(nonconformity: String, cause: String, action: String, effect: String, publishedAt: Date, publishedBy: Int64) {
            self.nonconformity = nonconformity
            self.cause = cause
            self.action = action
            self.effect = effect
            self.publishedAt = publishedAt
            self.publishedBy = publishedBy
        }
    }

    public let officeID: Int64
    public let ticketID: Int64
    public let ticketNumber: String
    /// A major complaint (重大投诉) needs a published report before it closes.
    public var major: Bool
    public var plan: String
    public var plannedAt: Date
    public var plannedBy: Int64
    public var implementation: String?
    public var implementedAt: Date?
    public var implementedBy: Int64?
    public var verification: String?
    public var verifiedEffective: Bool?
    public var verifiedAt: Date?
    public var verifiedBy: Int64?
    public var report: Report?
    public var version: Int

    public init(
        officeID: Int64, ticketID: Int64, ticketNumber: String, major: Bool, plan: String, plannedAt: Date, plannedBy: Int64,
        implementation: String? = nil, implementedAt: Date? = nil, implementedBy: Int64? = nil, verification: String? = nil,
        verifiedEffective: Bool? = nil, verifiedAt: Date? = nil, verifiedBy: Int64? = nil, report: Report? = nil, version: Int = 1
    ) {
        self.officeID = officeID
        self.ticketID = ticketID
        self.ticketNumber = ticketNumber
        self.major = major
        self.plan = plan
        self.plannedAt = plannedAt
        self.plannedBy = plannedBy
        self.implementation = implementation
        self.implementedAt = implementedAt
        self.implementedBy = implementedBy
        self.verification = verification
        self.verifiedEffective = verifiedEffective
        self.verifiedAt = verifiedAt
        self.verifiedBy = verifiedBy
        self.report = report
        self.version = version
    }

    /// What still keeps the complaint from closing (CMP-3/4); empty when it may close.
    public var closeBlockers: [String] {
        var blockers: [String] = []
        if implementedAt == nil { blockers.append("the office has not recorded carrying out the corrective plan (CMP-3)") }
        if verifiedEffective != true { blockers.append("QUALITY has not verified the corrective action by a return visit (CMP-3)") }
        if major, report == nil { blockers.append("a major complaint needs its corrective action report published (CMP-4)") }
        return blockers
    }
}
