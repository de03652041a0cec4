import Foundation

/// A line of the receivables list finance works from (SAL-1, seed 004: "告知财务那些客户该付, 还差多少,
/// 列出付款清单, 依据合同的不同付款方式汇报财务"): who owes what of which stage, and since when.
public struct SalesReceivable: Sendable, Hashable {
    /// How the amount is to be paid: the contract's payment method, or `unsigned` for deposits before the contract.
    public enum Method: String, Sendable, CaseIterable {
        case fullPayment = "full_payment"
        case instalments
        case mortgage
        case unsigned

        public init(_ method: Sale.PaymentMethod?) {
            self = method.flatMap { Method(rawValue: $0.rawValue) } ?? .unsigned
        }
    }

    public let stage: SalePaymentStage
    public let buyerID: Int64
    public let buyerName: String
    public let buyerPhone: String
    public let unitID: Int64
    public let unitLabel: String
    public let method: Method
    public let contractNumber: String?

    public init(
        stage: SalePaymentStage, buyerID: Int64, buyerName: String, buyerPhone: String, unitID: Int64, unitLabel: String, method: Method,
        contractNumber: String?
    ) {
        self.stage = stage
        self.buyerID = buyerID
        self.buyerName = buyerName
        self.buyerPhone = buyerPhone
        self.unitID = unitID
        self.unitLabel = unitLabel
        self.method = method
        self.contractNumber = contractNumber
    }

    /// Whole days since the due day ended (0 while it is not yet over).
    public func daysOverdue(on today: LocalDate) -> Int {
        max(0, today.daysSinceEpoch - stage.dueOn.daysSinceEpoch)
    }

    /// The receivables of one payment method.
    public struct Total: Sendable, Hashable {
        public let method: Method
        public let stages: Int
        public let buyers: Int
        public let outstanding: Decimal
        public let overdue: Decimal

        public init(method: Method, stages: Int, buyers: Int, outstanding: Decimal, overdue: Decimal) {
            self.method = method
            self.stages = stages
            self.buyers = buyers
            self.outstanding = outstanding
            self.overdue = overdue
        }
    }
}
