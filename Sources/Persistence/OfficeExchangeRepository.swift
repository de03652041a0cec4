import Domain
import Foundation

/// Exchanges between offices (`liaison.office_exchange`, INF-7).
public enum OfficeExchangeRepository {
    private static let columns: SQLQuery = """
        id, office_id, host_office_id, kind, held_on, topic, participants, participant_count, notes, recorded_by, recorded_at, host_signed_by,
        host_signed_at, host_comment, version
        """

    public static func insert(_ exchange: OfficeExchange, in tx: Transaction) async throws -> OfficeExchange {
        try decode(try await tx.query("""
            INSERT INTO liaison.office_exchange (office_id, host_office_id, kind, held_on, topic, participants, participant_count, notes, recorded_by,
                                                 recorded_at)
            VALUES (\(exchange.officeID), \(exchange.hostOfficeID), \(exchange.kind.rawValue), \(exchange.heldOn), \(exchange.topic),
                    \(exchange.participants), \(exchange.participantCount), \(exchange.notes), \(exchange.recordedBy), \(exchange.recordedAt))
            RETURNING \(columns)
            """).single())
    }

    public static func update(_ exchange: OfficeExchange, in tx: Transaction) async throws -> OfficeExchange {
        try decode(try await tx.query("""
            UPDATE liaison.office_exchange SET host_signed_by = \(exchange.hostSignedBy), host_signed_at = \(exchange.hostSignedAt),
                host_comment = \(exchange.hostComment), version = version + 1
            WHERE id = \(exchange.id) RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> OfficeExchange? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.office_exchange WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` exchanges after `afterID` in id order; `officeID` keeps those the office went to or hosted.
    public static func list(officeID: Int64?, signed: Bool?, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [OfficeExchange] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.office_exchange
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID) OR host_office_id = \(officeID))
              AND (\(signed)::boolean IS NULL OR (host_signed_at IS NOT NULL) = \(signed))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> OfficeExchange {
        OfficeExchange(
            id: try row.decode("id"), officeID: try row.decode("office_id"), hostOfficeID: try row.decode("host_office_id"),
            kind: try TicketRepository.value(try row.decode("kind"), column: "kind"), heldOn: try row.decode("held_on"), topic: try row.decode("topic"),
            participants: try row.decode("participants"), participantCount: try row.decode("participant_count"), notes: try row.decode("notes"),
            recordedBy: try row.decode("recorded_by"), recordedAt: try row.decode("recorded_at"), hostSignedBy: try row.decode("host_signed_by"),
            hostSignedAt: try row.decode("host_signed_at"), hostComment: try row.decode("host_comment"), version: try row.decode("version"))
    }
}
