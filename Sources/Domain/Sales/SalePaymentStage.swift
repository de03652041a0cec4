import Foundation

/// One amount a sale asks the buyer to pay by a day (SAL-1), and how much of it is paid: the net of
/// the ledger's payments and refunds for it.
public struct SalePaymentStage: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 小定
        case smallDeposit = "small_deposit"
        /// 大定
        case fullDeposit = "full_deposit"
        /// 首期, for instalments and mortgage contracts.
        case downPayment = "down_payment"
        /// The rest of the price at once (一次性付款 contracts).
        case fullPayment = "full_payment"
        /// One of an instalment contract's payments after the down payment.
        case instalment
        /// The bank's mortgage loan 按揭贷款 after the down payment.
        case mortgageLoan = "mortgage_loan"
    }

    public let id: Int64
    public let officeID: Int64
    public let saleID: Int64
    public let kind: Kind
    /// 1 for every kind but instalments, which count 1, 2, 3, …
    public let sequence: Int
    public let amountDue: Decimal
    public let dueOn: LocalDate
    public var paid: Decimal

    public init(id: Int64, officeID: Int64, saleID: Int64, kind: Kind, sequence: Int, amountDue: Decimal, dueOn: LocalDate, paid: Decimal) {
        self.id = id
        self.officeID = officeID
        self.saleID = saleID
        self.kind = kind
        self.sequence = sequence
        self.amountDue = amountDue
        self.dueOn = dueOn
        self.paid = paid
    }

    /// What is still to be paid of the stage.
    public var unpaid: Decimal { amountDue - paid }
}
