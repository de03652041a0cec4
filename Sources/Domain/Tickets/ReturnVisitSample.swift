import Foundation

/// A week's return-visit sample of one office (SRV-1): the completed repairs HQ calls back.
public struct ReturnVisitSample: Sendable, Hashable {
    /// One sampled ticket and, once called, the result.
    public struct Item: Sendable, Hashable {
        public let ticketID: Int64
        public let ticketNumber: String
        public let visitedAt: Date?
        public let visitorID: Int64?
        public let fixed: Bool?
        public let satisfaction: Int?
        public let chargeCorrect: Bool?
        public let comment: String

        public init(
            ticketID: Int64, ticketNumber: String, visitedAt: Date?, visitorID: Int64?, fixed: Bool?, satisfaction: Int?,
            chargeCorrect: Bool?, comment: String
        ) {
            self.ticketID = ticketID
            self.ticketNumber = ticketNumber
            self.visitedAt = visitedAt
            self.visitorID = visitorID
            self.fixed = fixed
            self.satisfaction = satisfaction
            self.chargeCorrect = chargeCorrect
            self.comment = comment
        }
    }

    public let id: Int64
    public let officeID: Int64
    /// The Monday of the ISO week, in the company time zone.
    public let weekStart: LocalDate
    public let rate: Decimal
    /// How many completed repairs the week had.
    public let population: Int
    public let items: [Item]

    public init(id: Int64, officeID: Int64, weekStart: LocalDate, rate: Decimal, population: Int, items: [Item]) {
        self.id = id
        self.officeID = officeID
        self.weekStart = weekStart
        self.rate = rate
        self.population = population
        self.items = items
    }
}

/// How a sample is drawn (SRV-1): the share of the week's completed repairs, rounded up, chosen
/// by a stable hash of the week and the ticket id, so drawing again gives the same set and
/// nobody can steer which tickets are called.
public enum ReturnVisitSampling {
    /// The seed's weekly share (000/004: 20 %).
    public static let defaultRate: Decimal = 0.2

    /// How many of `population` tickets a `rate` samples: rounded up, at least one of a non-empty week.
    public static func size(of population: Int, rate: Decimal) -> Int {
        guard population > 0 else { return 0 }
        var product = Decimal(population) * rate
        var rounded = Decimal()
        NSDecimalRound(&rounded, &product, 0, .up)
        return min(population, max(1, NSDecimalNumber(decimal: rounded).intValue))
    }

    /// The sampled ticket ids, in draw order.
    public static func pick(from ticketIDs: [Int64], rate: Decimal, week: LocalDate) -> [Int64] {
        let count = size(of: ticketIDs.count, rate: rate)
        return ticketIDs.sorted { (fingerprint($0, week), $0) < (fingerprint($1, week), $1) }.prefix(count).map { $0 }
    }

    /// FNV-1a over the week and the id: stable across runs and platforms (unlike `Hasher`).
    static func fingerprint(_ id: Int64, _ week: LocalDate) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(week)#\(id)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
