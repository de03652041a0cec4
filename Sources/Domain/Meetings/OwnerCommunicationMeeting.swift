import Foundation

/// The records of an owner communication meeting 业主沟通会 (MTG-3, seed 003), beyond what every
/// meeting has: whom the office invited and whether they come, the reminder calls, what owners
/// said by area and how it was answered, the rectification plan it leads to, and its budget.
public enum OwnerCommunicationMeeting {
    /// The meeting type these records belong to.
    public static let typeCode = "owner_communication"

    public struct Invitation: Sendable, Hashable {
        public enum Status: String, Sendable, CaseIterable {
            case pending, confirmed, declined
        }

        public let id: Int64
        public let officeID: Int64
        public let meetingID: Int64
        public let name: String
        public let unit: String?
        public let phone: String
        public var status: Status
        /// The reminder call the day before (MTG-3).
        public var remindedDayBeforeAt: Date?
        /// The reminder call 10 minutes before (MTG-3).
        public var remindedSoonAt: Date?
        public var version: Int

        public init(
            id: Int64, officeID: Int64, meetingID: Int64, name: String, unit: String?, phone: String, status: Status = .pending,
            remindedDayBeforeAt: Date? = nil, remindedSoonAt: Date? = nil, version: Int = 1
        ) {
            self.id = id
            self.officeID = officeID
            self.meetingID = meetingID
            self.name = name
            self.unit = unit
            self.phone = phone
            self.status = status
            self.remindedDayBeforeAt = remindedDayBeforeAt
            self.remindedSoonAt = remindedSoonAt
            self.version = version
        }

        /// The reminder calls still to make now for a meeting at `meetingAt`: the day-before call on
        /// the day before (company zone), the 10-minute call in the 10 minutes before; none for
        /// those who declined.
        public func remindersDue(meetingAt: Date, now: Date, zone: TimeZone) -> (dayBefore: Bool, soon: Bool) {
            guard status != .declined else { return (false, false) }
            let eve = LocalDate(meetingAt, in: zone).shifted(by: -1)
            let dayBefore = remindedDayBeforeAt == nil && LocalDate(now, in: zone) == eve
            let soon = remindedSoonAt == nil && now >= meetingAt.addingTimeInterval(-600) && now < meetingAt
            return (dayBefore, soon)
        }
    }

    /// The areas opinions are sorted by (MTG-3; the same as the satisfaction survey's, SRV-4).
    public enum Area: String, Sendable, CaseIterable {
        case environment, engineering, security
        case customerService = "customer_service"
        case other
    }

    public struct Opinion: Sendable, Hashable {
        public let id: Int64
        public let officeID: Int64
        public let meetingID: Int64
        public let area: Area
        public let ownerName: String
        public let unit: String?
        public let opinion: String
        public var answer: String?
        /// Answered at the meeting (true) or later (false).
        public var onTheSpot: Bool?
        public var answeredAt: Date?
        public var answeredBy: Int64?
        public let recordedAt: Date

        public init(
            id: Int64, officeID: Int64, meetingID: Int64, area: Area, ownerName: String, unit: String?, opinion: String, answer: String? = nil,
            onTheSpot: Bool? = nil, answeredAt: Date? = nil, answeredBy: Int64? = nil, recordedAt: Date
        ) {
            self.id = id
            self.officeID = officeID
            self.meetingID = meetingID
            self.area = area
            self.ownerName = ownerName
            self.unit = unit
            self.opinion = opinion
            self.answer = answer
            self.onTheSpot = onTheSpot
            self.answeredAt = answeredAt
            self.answeredBy = answeredBy
            self.recordedAt = recordedAt
        }
    }

    /// One item of the rectification plan: open until done, with what was done.
    public struct RectificationItem: Sendable, Hashable {
        public let id: Int64
        public let officeID: Int64
        public let meetingID: Int64
        public let opinionID: Int64?
        public let problem: String
        public let location: String
        public let measure: String
        public let expectedOn: LocalDate
        public var isDone: Bool
        public var result: String?
        public var doneAt: Date?
        public var version: Int

        public init(
            id: Int64, officeID: Int64, meetingID: Int64, opinionID: Int64?, problem: String, location: String, measure: String,
            expectedOn: LocalDate, isDone: Bool = false, result: String? = nil, doneAt: Date? = nil, version: Int = 1
        ) {
            self.id = id
            self.officeID = officeID
            self.meetingID = meetingID
            self.opinionID = opinionID
            self.problem = problem
            self.location = location
            self.measure = measure
            self.expectedOn = expectedOn
            self.isDone = isDone
            self.result = result
            self.doneAt = doneAt
            self.version = version
        }

        /// Open after its expected completion day.
        public func isOverdue(on today: LocalDate) -> Bool { !isDone && today > expectedOn }
    }

    /// One line of the budget; amounts in yuan, exact decimals.
    public struct BudgetItem: Sendable, Hashable {
        public let item: String
        public let quantity: Decimal
        public let unitPrice: Decimal

        public init(item: String, quantity: Decimal, unitPrice: Decimal) {
            self.item = item
            self.quantity = quantity
            self.unitPrice = unitPrice
        }

        /// quantity × unit price, rounded to fen (the database computes the same in numeric).
        public var total: Decimal { TicketPlan.yuan(quantity * unitPrice) }
    }

    /// The sum of the lines' totals.
    public static func budgetTotal(_ items: [BudgetItem]) -> Decimal {
        items.reduce(Decimal(0)) { $0 + $1.total }
    }
}

extension OwnerCommunicationMeeting.Invitation: AuditedRecord {
    public var auditEntityType: String { "meeting_invitation" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "meeting_id": String(meetingID), "name": name, "unit": unit, "phone": phone, "status": status.rawValue,
            "reminded_day_before_at": remindedDayBeforeAt?.auditText, "reminded_soon_at": remindedSoonAt?.auditText,
        ]
    }
}

extension OwnerCommunicationMeeting.Opinion: AuditedRecord {
    public var auditEntityType: String { "meeting_opinion" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "meeting_id": String(meetingID), "area": area.rawValue, "owner_name": ownerName, "unit": unit, "opinion": opinion,
            "answer": answer, "on_the_spot": onTheSpot.map(String.init), "answered_at": answeredAt?.auditText,
        ]
    }
}

extension OwnerCommunicationMeeting.RectificationItem: AuditedRecord {
    public var auditEntityType: String { "rectification_item" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "meeting_id": String(meetingID), "opinion_id": opinionID.map(String.init), "problem": problem, "location": location,
            "measure": measure, "expected_on": expectedOn.description, "status": isDone ? "done" : "open", "result": result,
            "done_at": doneAt?.auditText,
        ]
    }
}
