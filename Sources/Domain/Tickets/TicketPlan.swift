import Foundation

/// The plan of one processing round of a ticket (TKT-7/8): what is done, when, its impact, the
/// protection, what the owner must do, and the fees from the price list (INF-5). A plan with a
/// total above zero must be agreed by the owner before work starts.
public struct TicketPlan: Sendable, Hashable {
    /// A priced line, with the guide's price when the plan was made.
    public struct Line: Sendable, Hashable {
        public let serviceItemID: Int64
        public let code: String
        public let name: String
        public let unit: String
        public let unitPrice: Decimal
        public let quantity: Decimal
        public var amount: Decimal { TicketPlan.yuan(unitPrice * quantity) }

        public init(serviceItemID: Int64, code: String, name: String, unit: String, unitPrice: Decimal, quantity: Decimal) {
            self.serviceItemID = serviceItemID
            self.code = code
            self.name = name
            self.unit = unit
            self.unitPrice = unitPrice
            self.quantity = quantity
        }

        /// The line priced from a guide item.
        public init(item: ServiceItem, quantity: Decimal) {
            self.init(serviceItemID: item.id, code: item.code, name: item.name, unit: item.unit, unitPrice: item.price, quantity: quantity)
        }
    }

    public let round: Int
    public var description: String
    public var workTime: String
    public var impact: String
    public var protection: String
    public var ownerCooperation: String
    public var lines: [Line]
    public let plannedAt: Date
    public let plannedBy: Int64
    public var agreedBy: String?
    public var agreedAt: Date?

    public init(
        round: Int, description: String, workTime: String, impact: String, protection: String, ownerCooperation: String,
        lines: [Line], plannedAt: Date, plannedBy: Int64, agreedBy: String? = nil, agreedAt: Date? = nil
    ) {
        self.round = round
        self.description = description
        self.workTime = workTime
        self.impact = impact
        self.protection = protection
        self.ownerCooperation = ownerCooperation
        self.lines = lines
        self.plannedAt = plannedAt
        self.plannedBy = plannedBy
        self.agreedBy = agreedBy
        self.agreedAt = agreedAt
    }

    /// What the owner pays for the plan, in yuan.
    public var total: Decimal { lines.reduce(Decimal(0)) { $0 + $1.amount } }
    /// TKT-8: a charge must be shown and agreed before work starts.
    public var needsAgreement: Bool { total > 0 && agreedAt == nil }

    /// Largest quantity of one line.
    public static let maximumQuantity: Decimal = 10_000
    /// Most lines in one plan.
    public static let maximumLines = 50

    /// Rounds to fen (0.01 yuan), halves away from zero, as a cashier would.
    public static func yuan(_ value: Decimal) -> Decimal {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        return rounded
    }
}
