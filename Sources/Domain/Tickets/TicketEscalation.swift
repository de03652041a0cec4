import Foundation

/// A fault escalation form 故障转呈单 (INF-3, TKT-9): a ticket an office cannot solve, sent to an
/// HQ department, which commits to a completion time and answers the office.
public struct TicketEscalation: Sendable, Hashable {
    public enum Stage: String, Sendable, CaseIterable {
        /// Sent; the department has not committed to a time yet.
        case sent
        /// The department committed to a completion time.
        case committed
        /// The department answered; the office goes on with the ticket.
        case answered
    }

    public let id: Int64
    public let officeID: Int64
    public let ticketID: Int64
    public let ticketNumber: String
    public let departmentID: Int64
    public let reason: String
    public let escalatedAt: Date
    public let escalatedBy: Int64
    public var completeBy: Date?
    public var committedAt: Date?
    public var committedBy: Int64?
    public var answer: String?
    public var answeredAt: Date?
    public var answeredBy: Int64?

    public init(
        id: Int64, officeID: Int64, ticketID: Int64, ticketNumber: String, departmentID: Int64, reason: String, escalatedAt: Date,
        escalatedBy: Int64, completeBy: Date? = nil, committedAt: Date? = nil, committedBy: Int64? = nil, answer: String? = nil,
        answeredAt: Date? = nil, answeredBy: Int64? = nil
    ) {
        self.id = id
        self.officeID = officeID
        self.ticketID = ticketID
        self.ticketNumber = ticketNumber
        self.departmentID = departmentID
        self.reason = reason
        self.escalatedAt = escalatedAt
        self.escalatedBy = escalatedBy
        self.completeBy = completeBy
        self.committedAt = committedAt
        self.committedBy = committedBy
        self.answer = answer
        self.answeredAt = answeredAt
        self.answeredBy = answeredBy
    }

    public var stage: Stage { answeredAt != nil ? .answered : committedAt != nil ? .committed : .sent }

    /// The department promised a time and let it pass without answering.
    public func isOverdue(at now: Date) -> Bool {
        guard answeredAt == nil, let completeBy else { return false }
        return now > completeBy
    }
}
