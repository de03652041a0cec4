import Foundation

/// A message to someone who must act on a ticket (issue 4 item 10): one of its clocks is about
/// to be due (warning, TKT-15) or has passed its due time, or a complaint needs leadership (CMP-2).
public struct TicketNotification: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case clockWarning = "clock_warning"
        case clockBreached = "clock_breached"
        /// A complaint for company leadership (CMP-2).
        case leadershipComplaint = "leadership_complaint"
        /// A fault escalation form arrived at one's HQ department (INF-3).
        case escalationReceived = "escalation_received"
        /// The HQ department answered the office's form (INF-3).
        case escalationAnswered = "escalation_answered"
    }

    public let id: Int64
    public let officeID: Int64
    public let recipientID: Int64
    public let kind: Kind
    public let ticketID: Int64
    /// The clock, its round and due time, for clock notifications.
    public let clock: SLAClockKind?
    public let round: Int?
    public let dueAt: Date?
    public let createdAt: Date

    public init(
        id: Int64, officeID: Int64, recipientID: Int64, kind: Kind, ticketID: Int64, clock: SLAClockKind?, round: Int?, dueAt: Date?,
        createdAt: Date
    ) {
        self.id = id
        self.officeID = officeID
        self.recipientID = recipientID
        self.kind = kind
        self.ticketID = ticketID
        self.clock = clock
        self.round = round
        self.dueAt = dueAt
        self.createdAt = createdAt
    }
}
