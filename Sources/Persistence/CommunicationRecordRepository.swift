import Domain
import Foundation

/// The communication record with developers and owners' committees (`liaison.communication_record`,
/// EXT-1, EXT-5). Entries are inserted and read, never changed.
public enum CommunicationRecordRepository {
    private static let columns: SQLQuery = """
        id, office_id, estate_id, party, developer_id, channel, occurred_at, counterparts, summary, recorded_by, recorded_at
        """

    public static func insert(_ record: CommunicationRecord, in tx: Transaction) async throws -> CommunicationRecord {
        try decode(try await tx.query("""
            INSERT INTO liaison.communication_record
                (office_id, estate_id, party, developer_id, channel, occurred_at, counterparts, summary, recorded_by, recorded_at)
            VALUES (\(record.officeID), \(record.estateID), \(record.party.rawValue), \(record.developerID), \(record.channel.rawValue),
                    \(record.occurredAt), \(record.counterparts), \(record.summary), \(record.recordedBy), \(record.recordedAt))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, in tx: Transaction) async throws -> CommunicationRecord? {
        try await tx.query("SELECT \(columns) FROM liaison.communication_record WHERE id = \(id)").first.map(decode)
    }

    /// Up to `limit + 1` entries after `afterID` in id order.
    public static func list(
        officeID: Int64?, estateID: Int64?, party: CommunicationParty?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [CommunicationRecord] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.communication_record
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(estateID)::bigint IS NULL OR estate_id = \(estateID))
              AND (\(party?.rawValue)::text IS NULL OR party = \(party?.rawValue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> CommunicationRecord {
        CommunicationRecord(
            id: try row.decode("id"), officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"),
            party: try TicketRepository.value(row.decode("party"), column: "party"), developerID: try row.decode("developer_id"),
            channel: try TicketRepository.value(row.decode("channel"), column: "channel"), occurredAt: try row.decode("occurred_at"),
            counterparts: try row.decode("counterparts"), summary: try row.decode("summary"), recordedBy: try row.decode("recorded_by"),
            recordedAt: try row.decode("recorded_at"))
    }
}
