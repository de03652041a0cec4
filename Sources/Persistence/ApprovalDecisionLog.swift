import Domain
import Foundation

/// The decision log of a record in the approval workflow (a `…_decision` table keyed by the record's id and a
/// sequence): one helper for every such log, so each record kind writes and reads its decisions alike.
struct ApprovalDecisionLog: Sendable {
    /// e.g. `safety_report_decision`.
    let table: String
    /// The column naming the record, e.g. `report_id`.
    let key: String

    func append(
        recordID: Int64, officeID: Int64?, decision: ApprovalFlow.Decision, step: String?, from: ApprovalFlow.Status, to: ApprovalFlow.Status,
        actorID: Int64, comment: String?, at now: Date, in tx: Transaction
    ) async throws {
        try await tx.execute("""
            INSERT INTO liaison.\(unescaped: table) (\(unescaped: key), office_id, sequence, decision, step, from_status, to_status, actor_id, comment, decided_at)
            SELECT \(recordID), \(officeID), coalesce(max(sequence), 0) + 1, \(decision.rawValue), \(step), \(from.rawValue), \(to.rawValue), \(actorID),
                   \(comment), \(now)
            FROM liaison.\(unescaped: table) WHERE \(unescaped: key) = \(recordID)
            """)
    }

    func decisions(recordID: Int64, in tx: Transaction) async throws -> [DocumentDecision] {
        try await tx.query("""
            SELECT sequence, decision, step, from_status, to_status, actor_id, comment, decided_at FROM liaison.\(unescaped: table)
            WHERE \(unescaped: key) = \(recordID) ORDER BY sequence LIMIT 500
            """).map { row in
            DocumentDecision(
                sequence: try row.decode("sequence"), decision: try TicketRepository.value(try row.decode("decision"), column: "decision"),
                step: try row.decode("step"), from: try TicketRepository.value(try row.decode("from_status"), column: "from_status"),
                to: try TicketRepository.value(try row.decode("to_status"), column: "to_status"), actorID: try row.decode("actor_id"),
                onBehalfOf: nil, comment: try row.decode("comment"), at: try row.decode("decided_at"))
        }
    }
}
