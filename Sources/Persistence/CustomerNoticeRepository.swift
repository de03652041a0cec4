import Domain
import Foundation

/// Notices to customers (`liaison.customer_notice`, INF-4).
public enum CustomerNoticeRepository {
    private static let columns: SQLQuery = """
        id, office_id, estate_id, kind, title, body, valid_from, valid_until, survey_campaign_id, status, created_by, created_at, published_by, published_at,
        withdrawn_by, withdrawn_at, withdrawal_reason, version
        """

    public static func insert(_ notice: CustomerNotice, in tx: Transaction) async throws -> CustomerNotice {
        try decode(try await tx.query("""
            INSERT INTO liaison.customer_notice (office_id, estate_id, kind, title, body, valid_from, valid_until, survey_campaign_id, created_by,
                                                 created_at)
            VALUES (\(notice.officeID), \(notice.estateID), \(notice.kind.rawValue), \(notice.title), \(notice.body), \(notice.validFrom),
                    \(notice.validUntil), \(notice.surveyCampaignID), \(notice.createdBy), \(notice.createdAt))
            RETURNING \(columns)
            """).single())
    }

    /// Saves everything that may change after drafting and bumps the version.
    public static func update(_ notice: CustomerNotice, in tx: Transaction) async throws -> CustomerNotice {
        try decode(try await tx.query("""
            UPDATE liaison.customer_notice SET estate_id = \(notice.estateID), kind = \(notice.kind.rawValue), title = \(notice.title),
                body = \(notice.body), valid_from = \(notice.validFrom), valid_until = \(notice.validUntil),
                survey_campaign_id = \(notice.surveyCampaignID), status = \(notice.status.rawValue),
                published_by = \(notice.publishedBy), published_at = \(notice.publishedAt), withdrawn_by = \(notice.withdrawnBy),
                withdrawn_at = \(notice.withdrawnAt), withdrawal_reason = \(notice.withdrawalReason), version = version + 1
            WHERE id = \(notice.id) RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> CustomerNotice? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.customer_notice WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    public struct Filter: Sendable {
        public var officeID: Int64?
        /// The notices an estate's customers see: its own and its office's office-wide ones.
        public var estateID: Int64?
        public var status: CustomerNotice.Status?
        public var kind: CustomerNotice.Kind?
        /// Current at this instant (published, inside the window); nil: any.
        public var currentAt: Date?

        public init(officeID: Int64? = nil, estateID: Int64? = nil, status: CustomerNotice.Status? = nil, kind: CustomerNotice.Kind? = nil, currentAt: Date? = nil) {
            self.officeID = officeID
            self.estateID = estateID
            self.status = status
            self.kind = kind
            self.currentAt = currentAt
        }
    }

    /// Up to `limit + 1` notices after `afterID` in id order.
    public static func list(_ filter: Filter, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [CustomerNotice] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.customer_notice n
            WHERE id > \(afterID ?? 0) AND (\(filter.officeID)::bigint IS NULL OR office_id = \(filter.officeID))
              AND (\(filter.estateID)::bigint IS NULL OR estate_id = \(filter.estateID) OR (estate_id IS NULL AND office_id =
                   (SELECT e.office_id FROM liaison.estate e WHERE e.id = \(filter.estateID))))
              AND (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue))
              AND (\(filter.kind?.rawValue)::text IS NULL OR kind = \(filter.kind?.rawValue))
              AND (\(filter.currentAt)::timestamptz IS NULL
                   OR (status = 'published' AND valid_from <= \(filter.currentAt) AND valid_until > \(filter.currentAt)))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// The current notices of an estate (its own and its office's office-wide ones), newest published first, at most `limit`.
    public static func current(officeID: Int64, estateID: Int64, at now: Date, limit: Int, in tx: Transaction) async throws -> [CustomerNotice] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.customer_notice
            WHERE office_id = \(officeID) AND status = 'published' AND valid_until > \(now) AND valid_from <= \(now)
              AND (estate_id IS NULL OR estate_id = \(estateID))
            ORDER BY published_at DESC, id DESC LIMIT \(limit)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> CustomerNotice {
        CustomerNotice(
            id: try row.decode("id"), officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"),
            kind: try TicketRepository.value(try row.decode("kind"), column: "kind"), title: try row.decode("title"), body: try row.decode("body"),
            validFrom: try row.decode("valid_from"), validUntil: try row.decode("valid_until"), surveyCampaignID: try row.decode("survey_campaign_id"),
            status: try TicketRepository.value(try row.decode("status"), column: "status"), createdBy: try row.decode("created_by"),
            createdAt: try row.decode("created_at"), publishedBy: try row.decode("published_by"), publishedAt: try row.decode("published_at"),
            withdrawnBy: try row.decode("withdrawn_by"), withdrawnAt: try row.decode("withdrawn_at"),
            withdrawalReason: try row.decode("withdrawal_reason"), version: try row.decode("version"))
    }
}
