import Foundation

/// A buyer's purchase of a unit (SAL-1, seed 004 "从小定、大定到签约付首期"): reserved with a small
/// deposit, deposited with the full deposit, signed with the contract's price and payment method,
/// or cancelled. Cancelling keeps every stage and ledger row; money still held is refunded (or
/// kept) through the ledger.
public struct Sale: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        /// 小定: the unit is held against a small deposit.
        case reserved
        /// 大定: the full deposit is asked for.
        case deposited
        /// 签约: the contract fixes the price, the payment method and the schedule after it.
        case signed
        case cancelled
    }

    /// The contract's payment method 付款方式, which decides the stages after the down payment.
    public enum PaymentMethod: String, Sendable, CaseIterable {
        /// 一次性付款: the rest of the price in one payment.
        case fullPayment = "full_payment"
        /// 分期付款: a down payment, then instalments.
        case instalments
        /// 按揭: a down payment, then the bank's mortgage loan.
        case mortgage
    }

    public struct Contract: Sendable, Hashable {
        public let number: String
        public let signedOn: LocalDate
        public let totalPrice: Decimal
        public let paymentMethod: PaymentMethod

        public init(number: String, signedOn: LocalDate, totalPrice: Decimal, paymentMethod: PaymentMethod) {
            self.number = number
            self.signedOn = signedOn
            self.totalPrice = totalPrice
            self.paymentMethod = paymentMethod
        }
    }

    public struct Cancellation: Sendable, Hashable {
        public let at: Date
        public let by: Int64
        public let reason: String

        public init(at: Date, by: Int64, reason: String) {
            self.at = at
            self.by = by
            self.reason = reason
        }
    }

    public let id: Int64
    public let officeID: Int64
    public let buyerID: Int64
    public let unitID: Int64
    public var status: Status
    public let reservedOn: LocalDate
    public var contract: Contract?
    public var cancellation: Cancellation?
    public let createdBy: Int64
    public let createdAt: Date
    public var version: Int

    public init(
        id: Int64, officeID: Int64, buyerID: Int64, unitID: Int64, status: Status, reservedOn: LocalDate, contract: Contract?,
        cancellation: Cancellation?, createdBy: Int64, createdAt: Date, version: Int
    ) {
        self.id = id
        self.officeID = officeID
        self.buyerID = buyerID
        self.unitID = unitID
        self.status = status
        self.reservedOn = reservedOn
        self.contract = contract
        self.cancellation = cancellation
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }
}

/// A sale with its schedule: what its audit rows describe, so that one row says what a step did to
/// both (a reservation with its small deposit, a contract with its stages).
public struct ScheduledSale: Sendable, Hashable {
    public let sale: Sale
    public let stages: [SalePaymentStage]

    public init(_ sale: Sale, stages: [SalePaymentStage]) {
        self.sale = sale
        self.stages = stages
    }
}

extension ScheduledSale: AuditedRecord {
    public var auditEntityType: String { "sale" }
    public var auditEntityID: String { String(sale.id) }
    public var auditOfficeID: Int64? { sale.officeID }
    public var auditFields: [String: String?] {
        let contract = sale.contract
        return [
            "buyer_id": String(sale.buyerID), "unit_id": String(sale.unitID), "status": sale.status.rawValue,
            "reserved_on": sale.reservedOn.description, "contract_number": contract?.number, "signed_on": contract?.signedOn.description,
            "total_price": contract?.totalPrice.yuanText, "payment_method": contract?.paymentMethod.rawValue,
            "cancel_reason": sale.cancellation?.reason,
            // "small_deposit#1 5000.00 2026-11-22; full_deposit#1 …": kind, number, amount and due day of each stage.
            "schedule": stages.map { "\($0.kind.rawValue)#\($0.sequence) \($0.amountDue.yuanText) \($0.dueOn)" }.joined(separator: "; "),
        ]
    }
}
