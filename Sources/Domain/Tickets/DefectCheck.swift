import Foundation

/// A major defect of a house (SRV-2, seed 000: 屋面洗手间漏水、外墙开裂).
public enum MajorDefect: String, Sendable, CaseIterable {
    case roofLeak = "roof_leak"
    case bathroomLeak = "bathroom_leak"
    case wallCrack = "wall_crack"
    case other
}

/// One scheduled on-site check after the repair of a major defect (SRV-2), and its special record.
public struct DefectCheck: Sendable, Hashable {
    public let id: Int64
    public let officeID: Int64
    public let ticketID: Int64
    public let defect: MajorDefect
    /// 1 for the first check after the repair.
    public let sequence: Int
    public let dueOn: LocalDate
    public var checkedAt: Date?
    public var checkerID: Int64?
    public var result: String?
    public var defectPersists: Bool?
    /// The rework ticket recorded when the defect persists.
    public var followUpTicketID: Int64?

    public init(
        id: Int64, officeID: Int64, ticketID: Int64, defect: MajorDefect, sequence: Int, dueOn: LocalDate, checkedAt: Date? = nil,
        checkerID: Int64? = nil, result: String? = nil, defectPersists: Bool? = nil, followUpTicketID: Int64? = nil
    ) {
        self.id = id
        self.officeID = officeID
        self.ticketID = ticketID
        self.defect = defect
        self.sequence = sequence
        self.dueOn = dueOn
        self.checkedAt = checkedAt
        self.checkerID = checkerID
        self.result = result
        self.defectPersists = defectPersists
        self.followUpTicketID = followUpTicketID
    }

    /// Not made and its due day is over (company zone).
    public func isOverdue(on today: LocalDate) -> Bool { checkedAt == nil && today > dueOn }
}

/// When the checks after a major defect's repair are due (SRV-2 says "periodic"; these are the
/// defaults: a week, a month and a quarter after the repair was marked).
public struct DefectCheckPolicy: Sendable, Hashable {
    /// Days after the marking day, one check each, ascending.
    public var offsetsInDays: [Int]

    public init(offsetsInDays: [Int] = [7, 30, 90]) {
        self.offsetsInDays = offsetsInDays
    }

    public static let seedDefaults = DefectCheckPolicy()

    /// The due days of the checks of a repair marked on `day`.
    public func dueDays(after day: LocalDate) -> [LocalDate] {
        offsetsInDays.map { day.shifted(by: $0) }
    }
}
