import Foundation

/// A row of a sale's ledger (SAL-1): money finance received for a stage, or returned from it with a
/// reason. Rows are never changed or deleted, so refunds and cancellations keep the history.
public struct SalePayment: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case payment
        case refund
    }

    public let id: Int64
    public let officeID: Int64
    public let saleID: Int64
    public let stageID: Int64
    public let kind: Kind
    /// Always positive; a refund takes it off the stage's paid amount.
    public let amount: Decimal
    /// The day the money came in or went out.
    public let bookedOn: LocalDate
    /// The bank slip, receipt or voucher number.
    public let reference: String?
    /// Why money was returned (refunds only).
    public let reason: String?
    public let recordedBy: Int64
    public let recordedAt: Date

    public init(
        id: Int64, officeID: Int64, saleID: Int64, stageID: Int64, kind: Kind, amount: Decimal, bookedOn: LocalDate, reference: String?,
        reason: String?, recordedBy: Int64, recordedAt: Date
    ) {
        self.id = id
        self.officeID = officeID
        self.saleID = saleID
        self.stageID = stageID
        self.kind = kind
        self.amount = amount
        self.bookedOn = bookedOn
        self.reference = reference
        self.reason = reason
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

extension SalePayment: AuditedRecord {
    public var auditEntityType: String { "sale_payment" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "sale_id": String(saleID), "stage_id": String(stageID), "kind": kind.rawValue, "amount": amount.yuanText,
            "booked_on": bookedOn.description, "reference": reference, "reason": reason,
        ]
    }
}
