import Foundation

/// Where a piece of front-desk information came from (TKT-1).
public enum TicketSource: String, Sendable, CaseIterable, Codable {
    case ownerCall = "owner_call"                    // 24-hour hotline
    case walkIn = "walk_in"                          // 来访
    case internalTransfer = "internal_transfer"      // 内部转交
    case frontDeskTransfer = "front_desk_transfer"   // 前台转交
    case internalNeed = "internal_need"              // 内部需求
    case instruction                                 // 上级指示
    case email
    case onlineForum = "online_forum"
    case opinionBook = "opinion_book"                // 意见簿
    case visit                                       // 走访
}

/// A front-desk information ticket (信息处理单, TKT-1..13), owned from first contact to close.
/// Its state moves only through `TicketLifecycle`; its clocks live beside it (`SLAClock`).
public struct Ticket: Sendable, Hashable, Codable {
    /// Where the work happens: a unit, building or estate of the office, or free text (TKT-3).
    public struct Location: Sendable, Hashable, Codable {
        public var estateID: Int64?
        public var buildingID: Int64?
        public var unitID: Int64?
        public var text: String

        public init(estateID: Int64? = nil, buildingID: Int64? = nil, unitID: Int64? = nil, text: String = "") {
            self.estateID = estateID
            self.buildingID = buildingID
            self.unitID = unitID
            self.text = text
        }
    }

    public let id: Int64
    public let officeID: Int64
    /// The office's readable number (`DH-20261122-0007`, `TicketNumber`).
    public let number: String
    public var state: TicketState
    public let source: TicketSource
    public var category: TicketCategory
    public var urgency: TicketUrgency
    public var serviceMode: ServiceMode
    public var appointmentAt: Date?
    public var location: Location
    /// The owner record of the contact, when known (ORG-3).
    public var ownerID: Int64?
    public var contactName: String
    public var contactPhone: String
    public var content: String
    /// When the contact came in (the entry and answer clocks start here).
    public let receivedAt: Date
    /// When it was recorded.
    public let recordedAt: Date
    /// The first-contact receiver (首接负责, TKT-2), who stays responsible for follow-up.
    public let receiverID: Int64
    /// The responsible person it is dispatched to (TKT-5).
    public var assigneeID: Int64?
    /// Rework rounds after failed acceptances or failed return visits (TKT-11).
    public var reworkCount: Int
    /// Times the owner chased the open ticket (催单, TKT-15).
    public var chaseCount: Int
    /// Set when the owner complained about the handling; a rework then needs a special return visit (TKT-12).
    public var ownerComplained: Bool
    /// A complaint against an office manager (CMP-2): company leadership handles it.
    public var againstManager: Bool
    /// A complaint involving compensation (CMP-2): company leadership handles it.
    public var involvesCompensation: Bool
    /// Why the clocks that allow it are paused, if they are (TKT-15).
    public var pausedReason: ClockPauseReason?
    public var cancelReason: String?
    public var closedAt: Date?
    public var version: Int

    public init(
        id: Int64, officeID: Int64, number: String, state: TicketState, source: TicketSource, category: TicketCategory,
        urgency: TicketUrgency, serviceMode: ServiceMode, appointmentAt: Date?, location: Location, ownerID: Int64?,
        contactName: String, contactPhone: String, content: String, receivedAt: Date, recordedAt: Date, receiverID: Int64,
        assigneeID: Int64?, reworkCount: Int, chaseCount: Int, ownerComplained: Bool, againstManager: Bool = false,
        involvesCompensation: Bool = false, pausedReason: ClockPauseReason?,
        cancelReason: String?, closedAt: Date?, version: Int
    ) {
        self.id = id
        self.officeID = officeID
        self.number = number
        self.state = state
        self.source = source
        self.category = category
        self.urgency = urgency
        self.serviceMode = serviceMode
        self.appointmentAt = appointmentAt
        self.location = location
        self.ownerID = ownerID
        self.contactName = contactName
        self.contactPhone = contactPhone
        self.content = content
        self.receivedAt = receivedAt
        self.recordedAt = recordedAt
        self.receiverID = receiverID
        self.assigneeID = assigneeID
        self.reworkCount = reworkCount
        self.chaseCount = chaseCount
        self.ownerComplained = ownerComplained
        self.againstManager = againstManager
        self.involvesCompensation = involvesCompensation
        self.pausedReason = pausedReason
        self.cancelReason = cancelReason
        self.closedAt = closedAt
        self.version = version
    }
}

extension Ticket {
    /// CMP-2: complaints involving compensation or against an office manager go to company leadership.
    public var needsLeadership: Bool { category == .complaint && (againstManager || involvesCompensation) }
}

/// One entry of a ticket's history (TKT-13): a transition or a note, with who, when and what.
public struct TicketHistoryEntry: Sendable, Hashable {
    public let id: Int64
    public let ticketID: Int64
    public let at: Date
    public let actorID: Int64?
    /// A `TicketTransition` raw value, `record`, or a non-state event (`report_emergency`, `chase`, …).
    public let kind: String
    public let fromState: TicketState?
    public let toState: TicketState
    /// What the step recorded (assignee, plan, acceptance, reason, …), as JSON text values.
    public let payload: [String: String]
    public let requestID: String?

    public init(
        id: Int64, ticketID: Int64, at: Date, actorID: Int64?, kind: String, fromState: TicketState?, toState: TicketState,
        payload: [String: String], requestID: String?
    ) {
        self.id = id
        self.ticketID = ticketID
        self.at = at
        self.actorID = actorID
        self.kind = kind
        self.fromState = fromState
        self.toState = toState
        self.payload = payload
        self.requestID = requestID
    }
}

/// Filters of the ticket list (issue 4 item 11); nil means "any".
public struct TicketFilter: Sendable {
    public var officeID: Int64?
    public var states: [TicketState]
    public var category: TicketCategory?
    public var assigneeID: Int64?
    /// Tickets with a breached clock of this kind.
    public var breachedClock: SLAClockKind?
    public var recordedFrom: Date?
    public var recordedBefore: Date?
    /// Contained in the content (any script, case-insensitive).
    public var text: String?

    public init(
        officeID: Int64? = nil, states: [TicketState] = [], category: TicketCategory? = nil, assigneeID: Int64? = nil,
        breachedClock: SLAClockKind? = nil, recordedFrom: Date? = nil, recordedBefore: Date? = nil, text: String? = nil
    ) {
        self.officeID = officeID
        self.states = states
        self.category = category
        self.assigneeID = assigneeID
        self.breachedClock = breachedClock
        self.recordedFrom = recordedFrom
        self.recordedBefore = recordedBefore
        self.text = text
    }
}
