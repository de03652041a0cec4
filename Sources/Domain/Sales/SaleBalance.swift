import Foundation

/// What a sale, or all of a buyer's sales, come to on a day (SAL-1: "该付多少, 还差多少"): exact
/// decimals, from the stages' amounts due and their paid nets.
public struct SaleBalance: Sendable, Hashable {
    /// The amounts the live sales ask for (a cancelled sale asks for nothing more).
    public var due: Decimal
    /// Paid less refunded, on live and cancelled sales alike.
    public var paid: Decimal
    /// Still to be paid on live sales: `due` less what they have been paid.
    public var outstanding: Decimal
    /// The part of `outstanding` whose due day has passed.
    public var overdue: Decimal
    /// Money still held for cancelled sales: to be refunded, or kept as the forfeited deposit.
    public var retained: Decimal

    public static let zero = SaleBalance(due: 0, paid: 0, outstanding: 0, overdue: 0, retained: 0)

    public init(due: Decimal, paid: Decimal, outstanding: Decimal, overdue: Decimal, retained: Decimal) {
        self.due = due
        self.paid = paid
        self.outstanding = outstanding
        self.overdue = overdue
        self.retained = retained
    }

    /// The balance of one sale's stages on `today`: a stage is overdue once its due day is over.
    public init(status: Sale.Status, stages: [SalePaymentStage], today: LocalDate) {
        let paid = stages.reduce(Decimal(0)) { $0 + $1.paid }
        guard status != .cancelled else {
            self.init(due: 0, paid: paid, outstanding: 0, overdue: 0, retained: paid)
            return
        }
        self.init(
            due: stages.reduce(0) { $0 + $1.amountDue }, paid: paid, outstanding: stages.reduce(0) { $0 + $1.unpaid },
            overdue: stages.filter { $0.dueOn < today }.reduce(0) { $0 + $1.unpaid }, retained: 0)
    }

    public static func + (lhs: SaleBalance, rhs: SaleBalance) -> SaleBalance {
        SaleBalance(
            due: lhs.due + rhs.due, paid: lhs.paid + rhs.paid, outstanding: lhs.outstanding + rhs.outstanding,
            overdue: lhs.overdue + rhs.overdue, retained: lhs.retained + rhs.retained)
    }
}
