import Domain
import Foundation

/// Sales, their payment stages and their ledger (`liaison.sale`, `sale_payment_stage`,
/// `sale_payment`; SAL-1). The ledger is only ever appended to; a stage's `paid` follows it in the
/// same transaction.
public enum SaleRepository {
    private static let columns: SQLQuery = """
        id, office_id, buyer_id, unit_id, status, reserved_on, payment_method, contract_number, total_price, signed_on,
        cancelled_at, cancelled_by, cancel_reason, created_by, created_at, version
        """
    private static let stageColumns: SQLQuery = "id, office_id, sale_id, kind, sequence, amount_due, due_on, paid"
    private static let paymentColumns: SQLQuery = """
        id, office_id, sale_id, stage_id, kind, amount, booked_on, reference, reason, recorded_by, recorded_at
        """

    public static func insert(_ sale: Sale, in tx: Transaction) async throws -> Sale {
        try decode(try await tx.query("""
            INSERT INTO liaison.sale (office_id, buyer_id, unit_id, status, reserved_on, created_by, created_at)
            VALUES (\(sale.officeID), \(sale.buyerID), \(sale.unitID), \(sale.status.rawValue), \(sale.reservedOn), \(sale.createdBy),
                    \(sale.createdAt))
            RETURNING \(columns)
            """).single())
    }

    /// Saves the status, contract and cancellation and bumps the version.
    public static func update(_ sale: Sale, in tx: Transaction) async throws -> Sale {
        try decode(try await tx.query("""
            UPDATE liaison.sale SET status = \(sale.status.rawValue), payment_method = \(sale.contract?.paymentMethod.rawValue),
                contract_number = \(sale.contract?.number), total_price = \(sale.contract?.totalPrice), signed_on = \(sale.contract?.signedOn),
                cancelled_at = \(sale.cancellation?.at), cancelled_by = \(sale.cancellation?.by), cancel_reason = \(sale.cancellation?.reason),
                version = version + 1
            WHERE id = \(sale.id) RETURNING \(columns)
            """).single())
    }

    /// Bumps the version of a sale whose ledger changed, so a stale If-Match cannot book twice.
    public static func touch(_ sale: Sale, in tx: Transaction) async throws -> Sale {
        try decode(try await tx.query("UPDATE liaison.sale SET version = version + 1 WHERE id = \(sale.id) RETURNING \(columns)").single())
    }

    /// The sale, locked for a change when `forUpdate`.
    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> Sale? {
        try await tx.query("SELECT \(columns) FROM liaison.sale WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")").first.map(decode)
    }

    /// Up to `limit + 1` sales after `afterID` in id order.
    public static func list(
        officeID: Int64?, buyerID: Int64?, status: Sale.Status?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [Sale] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.sale
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(buyerID)::bigint IS NULL OR buyer_id = \(buyerID)) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Every sale of a buyer (a buyer has a handful), oldest first.
    public static func sales(ofBuyer buyerID: Int64, in tx: Transaction) async throws -> [Sale] {
        try await tx.query("SELECT \(columns) FROM liaison.sale WHERE buyer_id = \(buyerID) ORDER BY id LIMIT 1000").map(decode)
    }

    /// "Building 3 · 1202": the unit's building and number, when the unit is an active one of the office.
    public static func unitLabel(officeID: Int64, unitID: Int64, in tx: Transaction) async throws -> String? {
        try await tx.query("""
            SELECT b.name || ' · ' || u.number AS label FROM liaison.unit u
            JOIN liaison.building b ON b.office_id = u.office_id AND b.id = u.building_id
            WHERE u.office_id = \(officeID) AND u.id = \(unitID) AND u.archived_at IS NULL
            """).first.map { try $0.decode("label") }
    }

    /// The labels of units by id (archived ones included: a sale keeps its unit).
    public static func unitLabels(_ unitIDs: [Int64], in tx: Transaction) async throws -> [Int64: String] {
        var labels: [Int64: String] = [:]
        for row in try await tx.query("""
            SELECT u.id, b.name || ' · ' || u.number AS label FROM liaison.unit u
            JOIN liaison.building b ON b.office_id = u.office_id AND b.id = u.building_id
            WHERE u.id = ANY(\(unitIDs))
            """) {
            labels[try row.decode("id")] = try row.decode("label")
        }
        return labels
    }

    // MARK: Stages

    public static func insertStages(_ stages: [SalePaymentStage], in tx: Transaction) async throws -> [SalePaymentStage] {
        var inserted: [SalePaymentStage] = []
        for stage in stages {
            inserted.append(try decodeStage(try await tx.query("""
                INSERT INTO liaison.sale_payment_stage (office_id, sale_id, kind, sequence, amount_due, due_on)
                VALUES (\(stage.officeID), \(stage.saleID), \(stage.kind.rawValue), \(stage.sequence), \(stage.amountDue), \(stage.dueOn))
                RETURNING \(stageColumns)
                """).single()))
        }
        return inserted
    }

    /// The stages of sales, in schedule order (by id) per sale.
    public static func stages(ofSales saleIDs: [Int64], in tx: Transaction) async throws -> [Int64: [SalePaymentStage]] {
        let stages = try await tx.query("""
            SELECT \(stageColumns) FROM liaison.sale_payment_stage WHERE sale_id = ANY(\(saleIDs)) ORDER BY sale_id, id
            """).map(decodeStage)
        return Dictionary(grouping: stages, by: \.saleID)
    }

    // MARK: Ledger

    /// Appends a payment or refund and moves its stage's paid amount by it, in one statement pair.
    public static func book(_ payment: SalePayment, in tx: Transaction) async throws -> SalePayment {
        let change: Decimal = payment.kind == .payment ? payment.amount : -payment.amount
        try await tx.execute("UPDATE liaison.sale_payment_stage SET paid = paid + \(change) WHERE id = \(payment.stageID)")
        return try decodePayment(try await tx.query("""
            INSERT INTO liaison.sale_payment (office_id, sale_id, stage_id, kind, amount, booked_on, reference, reason, recorded_by, recorded_at)
            VALUES (\(payment.officeID), \(payment.saleID), \(payment.stageID), \(payment.kind.rawValue), \(payment.amount), \(payment.bookedOn),
                    \(payment.reference), \(payment.reason), \(payment.recordedBy), \(payment.recordedAt))
            RETURNING \(paymentColumns)
            """).single())
    }

    /// A sale's ledger, oldest first (bounded: a sale has tens of rows, not thousands).
    public static func payments(ofSale saleID: Int64, in tx: Transaction) async throws -> [SalePayment] {
        try await tx.query("SELECT \(paymentColumns) FROM liaison.sale_payment WHERE sale_id = \(saleID) ORDER BY id LIMIT 2000")
            .map(decodePayment)
    }

    // MARK: Decoding

    static func decode(_ row: PostgresRow) throws -> Sale {
        var contract: Sale.Contract?
        if let number: String = try row.decode("contract_number") {
            contract = Sale.Contract(
                number: number, signedOn: try row.decode("signed_on"), totalPrice: try row.decode("total_price"),
                paymentMethod: try TicketRepository.value(try row.decode("payment_method"), column: "payment_method"))
        }
        var cancellation: Sale.Cancellation?
        if let at: Date = try row.decode("cancelled_at") {
            cancellation = Sale.Cancellation(at: at, by: try row.decode("cancelled_by"), reason: try row.decode("cancel_reason"))
        }
        return Sale(
            id: try row.decode("id"), officeID: try row.decode("office_id"), buyerID: try row.decode("buyer_id"), unitID: try row.decode("unit_id"),
            status: try TicketRepository.value(try row.decode("status"), column: "status"), reservedOn: try row.decode("reserved_on"),
            contract: contract, cancellation: cancellation, createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"),
            version: try row.decode("version"))
    }

    static func decodeStage(_ row: PostgresRow) throws -> SalePaymentStage {
        SalePaymentStage(
            id: try row.decode("id"), officeID: try row.decode("office_id"), saleID: try row.decode("sale_id"),
            kind: try TicketRepository.value(try row.decode("kind"), column: "kind"), sequence: try row.decode("sequence"),
            amountDue: try row.decode("amount_due"), dueOn: try row.decode("due_on"), paid: try row.decode("paid"))
    }

    static func decodePayment(_ row: PostgresRow) throws -> SalePayment {
        SalePayment(
            id: try row.decode("id"), officeID: try row.decode("office_id"), saleID: try row.decode("sale_id"), stageID: try row.decode("stage_id"),
            kind: try TicketRepository.value(try row.decode("kind"), column: "kind"), amount: try row.decode("amount"),
            bookedOn: try row.decode("booked_on"), reference: try row.decode("reference"), reason: try row.decode("reason"),
            recordedBy: try row.decode("recorded_by"), recordedAt: try row.decode("recorded_at"))
    }
}
