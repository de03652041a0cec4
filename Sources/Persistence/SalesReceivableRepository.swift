import Domain
import Foundation

/// The receivables list (SAL-1): every stage of a live sale not fully paid, with its buyer and unit.
public enum SalesReceivableRepository {
    /// What narrows the list; `today` decides what is overdue (its due day is over).
    public struct Filter: Sendable {
        public var officeID: Int64?
        public var method: SalesReceivable.Method?
        public var overdueOnly: Bool
        public var dueBy: LocalDate?
        public var today: LocalDate

        public init(officeID: Int64?, method: SalesReceivable.Method?, overdueOnly: Bool, dueBy: LocalDate?, today: LocalDate) {
            self.officeID = officeID
            self.method = method
            self.overdueOnly = overdueOnly
            self.dueBy = dueBy
            self.today = today
        }

        var condition: SQLQuery {
            """
            st.paid < st.amount_due AND s.status <> 'cancelled' AND (\(officeID)::bigint IS NULL OR st.office_id = \(officeID))
            AND (\(method?.rawValue)::text IS NULL OR coalesce(s.payment_method, 'unsigned') = \(method?.rawValue))
            AND (NOT \(overdueOnly) OR st.due_on < \(today)) AND (\(dueBy)::date IS NULL OR st.due_on <= \(dueBy))
            """
        }
    }

    /// Up to `limit + 1` receivables after the stage `afterID`, in stage order (a sale's schedule order).
    public static func list(_ filter: Filter, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [SalesReceivable] {
        try await tx.query("""
            SELECT st.id, st.office_id, st.sale_id, st.kind, st.sequence, st.amount_due, st.due_on, st.paid,
                   s.buyer_id, b.name AS buyer_name, b.phone AS buyer_phone, s.unit_id, bu.name || ' · ' || u.number AS unit_label,
                   coalesce(s.payment_method, 'unsigned') AS method, s.contract_number
            FROM liaison.sale_payment_stage st
            JOIN liaison.sale s ON s.id = st.sale_id
            JOIN liaison.sales_buyer b ON b.id = s.buyer_id
            JOIN liaison.unit u ON u.office_id = s.office_id AND u.id = s.unit_id
            JOIN liaison.building bu ON bu.office_id = u.office_id AND bu.id = u.building_id
            WHERE st.id > \(afterID ?? 0) AND \(filter.condition)
            ORDER BY st.id LIMIT \(limit + 1)
            """).map { row in
            SalesReceivable(
                stage: try SaleRepository.decodeStage(row), buyerID: try row.decode("buyer_id"), buyerName: try row.decode("buyer_name"),
                buyerPhone: try row.decode("buyer_phone"), unitID: try row.decode("unit_id"), unitLabel: try row.decode("unit_label"),
                method: try TicketRepository.value(try row.decode("method"), column: "method"), contractNumber: try row.decode("contract_number"))
        }
    }

    /// The whole filtered list summed per payment method (not just one page).
    public static func totals(_ filter: Filter, in tx: Transaction) async throws -> [SalesReceivable.Total] {
        try await tx.query("""
            SELECT coalesce(s.payment_method, 'unsigned') AS method, count(*) AS stages, count(DISTINCT s.buyer_id) AS buyers,
                   sum(st.amount_due - st.paid) AS outstanding,
                   coalesce(sum(st.amount_due - st.paid) FILTER (WHERE st.due_on < \(filter.today)), 0) AS overdue
            FROM liaison.sale_payment_stage st
            JOIN liaison.sale s ON s.id = st.sale_id
            WHERE \(filter.condition)
            GROUP BY 1 ORDER BY 1
            """).map { row in
            let stages: Int64 = try row.decode("stages")
            let buyers: Int64 = try row.decode("buyers")
            return SalesReceivable.Total(
                method: try TicketRepository.value(try row.decode("method"), column: "method"), stages: Int(stages), buyers: Int(buyers),
                outstanding: try row.decode("outstanding"), overdue: try row.decode("overdue"))
        }
    }
}
