import Domain
import Foundation

/// The notification outbox (`liaison.notification`) and what the deadline sweeper reads.
public enum NotificationRepository {
    /// Tickets with a running, unpaused clock that needs a warning or a breach at `now`, most urgent first.
    public static func ticketsNeedingAttention(at now: Date, limit: Int, in tx: Transaction) async throws -> [(officeID: Int64, ticketID: Int64)] {
        try await tx.query("""
            SELECT office_id, ticket_id, min(least(warn_at, due_at)) AS first FROM liaison.ticket_clock
            WHERE stopped_at IS NULL AND outcome IS NULL AND paused_since IS NULL AND least(warn_at, due_at) <= \(now)
              AND (due_at < \(now) OR warned_at IS NULL)
            GROUP BY office_id, ticket_id ORDER BY first LIMIT \(limit)
            """).map { (try $0.decode("office_id"), try $0.decode("ticket_id")) }
    }

    /// The ticket row locked for this transaction, or nil when another transaction holds it
    /// (a transition or another sweeper: the next sweep will see it).
    public static func lockTicket(officeID: Int64, ticketID: Int64, in tx: Transaction) async throws -> Ticket? {
        guard try await tx.query("""
            SELECT 1 AS locked FROM liaison.ticket WHERE office_id = \(officeID) AND id = \(ticketID) FOR UPDATE SKIP LOCKED
            """).first != nil
        else { return nil }
        return try await TicketRepository.find(id: ticketID, in: tx)
    }

    /// The active office managers of an office.
    public static func officeManagers(officeID: Int64, in tx: Transaction) async throws -> [Int64] {
        try await tx.query("""
            SELECT u.id FROM liaison.staff_user u
            JOIN liaison.staff_user_office o ON o.user_id = u.id AND o.office_id = \(officeID)
            JOIN liaison.staff_user_role r ON r.user_id = u.id AND r.role = 'OFFICE_MANAGER'
            WHERE u.active ORDER BY u.id
            """).map { try $0.decode("id") }
    }

    /// Adds a notification unless the recipient already has this one; whether it was added.
    @discardableResult
    public static func insert(
        officeID: Int64, recipientID: Int64, kind: StaffNotification.Kind, ticketID: Int64, clock: SLAClock, at now: Date, in tx: Transaction
    ) async throws -> Bool {
        try await tx.query("""
            INSERT INTO liaison.notification (office_id, recipient_id, kind, ticket_id, clock, round, due_at, created_at)
            VALUES (\(officeID), \(recipientID), \(kind.rawValue), \(ticketID), \(clock.kind.rawValue), \(clock.round), \(clock.dueAt), \(now))
            ON CONFLICT ON CONSTRAINT notification_once DO NOTHING
            RETURNING id
            """).first != nil
    }

    /// The active users with a role (e.g. the general manager for CMP-2).
    public static func users(withRole role: Role, in tx: Transaction) async throws -> [Int64] {
        try await tx.query("""
            SELECT u.id FROM liaison.staff_user u JOIN liaison.staff_user_role r ON r.user_id = u.id AND r.role = \(role.rawValue)
            WHERE u.active ORDER BY u.id
            """).map { try $0.decode("id") }
    }

    /// Adds a notification about a ticket that is not about a clock; whether it was added.
    @discardableResult
    public static func insert(
        officeID: Int64, recipientID: Int64, kind: StaffNotification.Kind, ticketID: Int64, at now: Date, in tx: Transaction
    ) async throws -> Bool {
        try await tx.query("""
            INSERT INTO liaison.notification (office_id, recipient_id, kind, ticket_id, created_at)
            VALUES (\(officeID), \(recipientID), \(kind.rawValue), \(ticketID), \(now))
            ON CONFLICT ON CONSTRAINT notification_once DO NOTHING
            RETURNING id
            """).first != nil
    }

    /// Adds a notification about a record that is not a ticket (its office, or none for HQ's); whether it was added.
    @discardableResult
    public static func insert(
        officeID: Int64?, recipientID: Int64, kind: StaffNotification.Kind, subject: StaffNotification.Subject, at now: Date, in tx: Transaction
    ) async throws -> Bool {
        try await tx.query("""
            INSERT INTO liaison.notification (office_id, recipient_id, kind, subject, subject_id, created_at)
            VALUES (\(officeID), \(recipientID), \(kind.rawValue), \(subject.kind.rawValue), \(subject.id), \(now))
            ON CONFLICT ON CONSTRAINT notification_once DO NOTHING
            RETURNING id
            """).first != nil
    }

    /// A recipient's notifications, newest first, before the cursor id.
    public static func list(recipientID: Int64, beforeID: Int64?, limit: Int, in tx: Transaction) async throws -> [StaffNotification] {
        try await tx.query("""
            SELECT id, office_id, recipient_id, kind, ticket_id, subject, subject_id, clock, round, due_at, created_at FROM liaison.notification
            WHERE recipient_id = \(recipientID) AND (\(beforeID)::bigint IS NULL OR id < \(beforeID))
            ORDER BY id DESC LIMIT \(limit + 1)
            """).map { row in
            StaffNotification(
                id: try row.decode("id"), officeID: try row.decode("office_id"), recipientID: try row.decode("recipient_id"),
                kind: try TicketRepository.value(row.decode("kind"), column: "kind"), ticketID: try row.decode("ticket_id"),
                subject: try subject(row),
                clock: try row.decode("clock", as: String?.self).map { try TicketRepository.value($0, column: "clock") },
                round: try row.decode("round"),
                dueAt: try row.decode("due_at"), createdAt: try row.decode("created_at"))
        }
    }

    static func subject(_ row: PostgresRow) throws -> StaffNotification.Subject? {
        guard let kind: String = try row.decode("subject"), let id: Int64 = try row.decode("subject_id") else { return nil }
        return StaffNotification.Subject(kind: try TicketRepository.value(kind, column: "subject"), id: id)
    }
}
