import Domain
import Foundation

/// Tickets (`liaison.ticket`) with their history (`ticket_event`) and the per-office daily
/// number counter. Row-level security narrows every statement to the actor's offices.
public enum TicketRepository {
    private static let columns: SQLQuery = """
        office_id, id, number, state, source, category, urgency, service_mode, appointment_at, estate_id, building_id, unit_id,
        owner_id, location, contact_name, contact_phone, content, received_at, recorded_at, receiver_id, assignee_id, rework_count,
        chase_count, owner_complained, against_manager, involves_compensation, paused_reason, cancel_reason, closed_at, version
        """

    /// Inserts a new ticket numbered with the next sequence of its office on `day` (a company-zone day: 1, 2, 3, …);
    /// `ticket.number` is ignored. Its id, number and version come from the database.
    ///
    /// The counter row serializes concurrent creates in one office on one day, and nothing else, until COMMIT: so the
    /// number is taken in the same statement as the insert, and what follows should be queued for COMMIT (issue 7).
    public static func insertNumbered(_ ticket: Ticket, officeCode: String, day: LocalDate, in tx: Transaction) async throws -> Ticket {
        let prefix = TicketNumber.prefix(officeCode: officeCode, day: day)
        let digits = TicketNumber.minimumSequenceDigits
        return try decode(try await tx.query("""
            WITH counter AS (
                INSERT INTO liaison.ticket_number_counter AS c (office_id, day, last) VALUES (\(ticket.officeID), \(day), 1)
                ON CONFLICT (office_id, day) DO UPDATE SET last = c.last + 1
                RETURNING last)
            INSERT INTO liaison.ticket (
                office_id, number, state, source, category, urgency, service_mode, appointment_at, estate_id, building_id, unit_id,
                owner_id, location, contact_name, contact_phone, content, received_at, recorded_at, receiver_id, assignee_id,
                against_manager, involves_compensation)
            SELECT
                \(ticket.officeID), \(prefix) || lpad(counter.last::text, greatest(\(digits)::int, length(counter.last::text)), '0'),
                \(ticket.state.rawValue), \(ticket.source.rawValue), \(ticket.category.rawValue),
                \(ticket.urgency.rawValue), \(ticket.serviceMode.rawValue), \(ticket.appointmentAt), \(ticket.location.estateID),
                \(ticket.location.buildingID), \(ticket.location.unitID), \(ticket.ownerID), \(ticket.location.text),
                \(ticket.contactName), \(ticket.contactPhone), \(ticket.content), \(ticket.receivedAt), \(ticket.recordedAt),
                \(ticket.receiverID), \(ticket.assigneeID), \(ticket.againstManager), \(ticket.involvesCompensation)
            FROM counter
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> Ticket? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.ticket WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Writes every mutable field of the ticket and bumps the version.
    public static func update(_ ticket: Ticket, in tx: Transaction) async throws -> Ticket {
        try decode(try await tx.query("""
            UPDATE liaison.ticket SET
                state = \(ticket.state.rawValue), category = \(ticket.category.rawValue), urgency = \(ticket.urgency.rawValue),
                service_mode = \(ticket.serviceMode.rawValue), appointment_at = \(ticket.appointmentAt),
                estate_id = \(ticket.location.estateID), building_id = \(ticket.location.buildingID), unit_id = \(ticket.location.unitID),
                location = \(ticket.location.text), owner_id = \(ticket.ownerID), contact_name = \(ticket.contactName),
                contact_phone = \(ticket.contactPhone), content = \(ticket.content), assignee_id = \(ticket.assigneeID),
                rework_count = \(ticket.reworkCount), chase_count = \(ticket.chaseCount), owner_complained = \(ticket.ownerComplained),
                against_manager = \(ticket.againstManager), involves_compensation = \(ticket.involvesCompensation),
                paused_reason = \(ticket.pausedReason?.rawValue), cancel_reason = \(ticket.cancelReason), closed_at = \(ticket.closedAt),
                version = version + 1
            WHERE office_id = \(ticket.officeID) AND id = \(ticket.id)
            RETURNING \(columns)
            """).single())
    }

    /// Up to `limit + 1` tickets, newest first, after the cursor id `beforeID` (exclusive).
    public static func list(_ filter: TicketFilter, beforeID: Int64?, limit: Int, in tx: Transaction) async throws -> [Ticket] {
        let pattern = filter.text.map { "%" + EstateRepository.escapeLike($0) + "%" }
        let states = filter.states.map(\.rawValue)
        return try await tx.query("""
            SELECT \(columns) FROM liaison.ticket t
            WHERE (\(beforeID)::bigint IS NULL OR id < \(beforeID))
              AND (\(filter.officeID)::bigint IS NULL OR office_id = \(filter.officeID))
              AND (cardinality(\(states)::text[]) = 0 OR state = ANY (\(states)::text[]))
              AND (\(filter.category?.rawValue)::text IS NULL OR category = \(filter.category?.rawValue))
              AND (\(filter.assigneeID)::bigint IS NULL OR assignee_id = \(filter.assigneeID))
              AND (\(filter.recordedFrom)::timestamptz IS NULL OR recorded_at >= \(filter.recordedFrom))
              AND (\(filter.recordedBefore)::timestamptz IS NULL OR recorded_at < \(filter.recordedBefore))
              AND (\(pattern)::text IS NULL OR content ILIKE \(pattern))
              AND (\(filter.breachedClock?.rawValue)::text IS NULL OR EXISTS (
                    SELECT 1 FROM liaison.ticket_clock c
                    WHERE c.office_id = t.office_id AND c.ticket_id = t.id AND c.kind = \(filter.breachedClock?.rawValue)
                      AND c.outcome = 'breached'))
            ORDER BY id DESC LIMIT \(limit + 1)
            """).map(decode)
    }

    // MARK: History

    /// Appends one history entry in the caller's transaction.
    public static func appendEvent(
        to ticket: Ticket, kind: String, from: TicketState?, payload: [String: String], actorID: Int64?, requestID: String?,
        at now: Date, in tx: Transaction
    ) async throws {
        // Queued: it goes with the transaction's next round trip (a later statement, which then sees it, or COMMIT).
        try tx.enqueue("""
            INSERT INTO liaison.ticket_event (office_id, ticket_id, at, actor_id, kind, from_state, to_state, payload, request_id)
            VALUES (\(ticket.officeID), \(ticket.id), \(now), \(actorID), \(kind), \(from?.rawValue), \(ticket.state.rawValue),
                    \(PostgresJSON(payload)), \(requestID))
            """)
    }

    /// The ticket's history in order, up to `limit + 1` entries after `afterID`.
    public static func events(ticket: Ticket, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [TicketHistoryEntry] {
        try await tx.query("""
            SELECT id, ticket_id, at, actor_id, kind, from_state, to_state, payload, request_id FROM liaison.ticket_event
            WHERE office_id = \(ticket.officeID) AND ticket_id = \(ticket.id) AND id > \(afterID ?? 0)
            ORDER BY id LIMIT \(limit + 1)
            """).map { row in
            TicketHistoryEntry(
                id: try row.decode("id"), ticketID: try row.decode("ticket_id"), at: try row.decode("at"),
                actorID: try row.decode("actor_id"), kind: try row.decode("kind"),
                fromState: try state(row.decode("from_state", as: String?.self), column: "from_state"),
                toState: try state(row.decode("to_state", as: String.self), column: "to_state"),
                payload: try row.decode("payload", as: PostgresJSON<[String: String]>.self).value,
                requestID: try row.decode("request_id"))
        }
    }

    /// The payload of the ticket's latest event of a kind (e.g. its current plan), if any.
    public static func latestPayload(of ticket: Ticket, kind: String, in tx: Transaction) async throws -> [String: String]? {
        try await tx.query("""
            SELECT payload FROM liaison.ticket_event
            WHERE office_id = \(ticket.officeID) AND ticket_id = \(ticket.id) AND kind = \(kind)
            ORDER BY id DESC LIMIT 1
            """).first.map { try $0.decode("payload", as: PostgresJSON<[String: String]>.self).value }
    }

    // MARK: Decoding

    static func decode(_ row: PostgresRow) throws -> Ticket {
        Ticket(
            id: try row.decode("id"), officeID: try row.decode("office_id"), number: try row.decode("number"),
            state: try state(row.decode("state", as: String.self), column: "state"),
            source: try value(row.decode("source"), column: "source"),
            category: try value(row.decode("category"), column: "category"),
            urgency: try value(row.decode("urgency"), column: "urgency"),
            serviceMode: try value(row.decode("service_mode"), column: "service_mode"),
            appointmentAt: try row.decode("appointment_at"),
            location: .init(
                estateID: try row.decode("estate_id"), buildingID: try row.decode("building_id"), unitID: try row.decode("unit_id"),
                text: try row.decode("location")),
            ownerID: try row.decode("owner_id"), contactName: try row.decode("contact_name"),
            contactPhone: try row.decode("contact_phone"), content: try row.decode("content"),
            receivedAt: try row.decode("received_at"), recordedAt: try row.decode("recorded_at"),
            receiverID: try row.decode("receiver_id"), assigneeID: try row.decode("assignee_id"),
            reworkCount: try row.decode("rework_count"), chaseCount: try row.decode("chase_count"),
            ownerComplained: try row.decode("owner_complained"), againstManager: try row.decode("against_manager"),
            involvesCompensation: try row.decode("involves_compensation"),
            pausedReason: try row.decode("paused_reason", as: String?.self).map { try value($0, column: "paused_reason") },
            cancelReason: try row.decode("cancel_reason"), closedAt: try row.decode("closed_at"), version: try row.decode("version"))
    }

    static func state(_ text: String?, column: String) throws -> TicketState? {
        try text.map { try value($0, column: column) }
    }

    static func state(_ text: String, column: String) throws -> TicketState {
        try value(text, column: column)
    }

    /// A text column as one of Domain's enums; an unknown value is a decoding error naming the column.
    static func value<Value: RawRepresentable>(_ text: String, column: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text) else {
            throw PersistenceError(kind: .decoding, message: "unknown \(Value.self) \(text)", column: column)
        }
        return value
    }
}
