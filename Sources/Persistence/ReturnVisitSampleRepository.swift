import Domain
import Foundation

/// Weekly return-visit samples (`liaison.return_visit_sample` with its items).
public enum ReturnVisitSampleRepository {
    /// Ids of an office's repair tickets first completed in [from, to), in id order.
    public static func completedRepairs(officeID: Int64, from: Date, to: Date, in tx: Transaction) async throws -> [Int64] {
        try await tx.query("""
            SELECT t.id FROM liaison.ticket t
            WHERE t.office_id = \(officeID) AND t.category = 'engineering'
              AND (SELECT min(e.at) FROM liaison.ticket_event e
                   WHERE e.office_id = t.office_id AND e.ticket_id = t.id AND e.kind = 'complete') >= \(from)
              AND (SELECT min(e.at) FROM liaison.ticket_event e
                   WHERE e.office_id = t.office_id AND e.ticket_id = t.id AND e.kind = 'complete') < \(to)
            ORDER BY t.id
            """).map { try $0.decode("id") }
    }

    /// Serializes draws of the same week until the transaction ends: a second draw then finds the first one's samples.
    public static func lockWeek(_ week: LocalDate, in tx: Transaction) async throws {
        try await tx.execute("SELECT pg_advisory_xact_lock(hashtextextended('return_visit_sample:' || \(week.description), 0))")
    }

    public static func find(officeID: Int64, week: LocalDate, in tx: Transaction) async throws -> ReturnVisitSample? {
        guard let row = try await tx.query("""
            SELECT id, office_id, week_start, rate, population FROM liaison.return_visit_sample
            WHERE office_id = \(officeID) AND week_start = \(week)
            """).first
        else { return nil }
        return try await decode(row, in: tx)
    }

    public static func find(id: Int64, in tx: Transaction) async throws -> ReturnVisitSample? {
        guard let row = try await tx.query("""
            SELECT id, office_id, week_start, rate, population FROM liaison.return_visit_sample WHERE id = \(id)
            """).first
        else { return nil }
        return try await decode(row, in: tx)
    }

    /// Up to `limit + 1` samples after `afterID`, filtered by week and office.
    public static func list(week: LocalDate?, officeID: Int64?, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [ReturnVisitSample] {
        var samples: [ReturnVisitSample] = []
        for row in try await tx.query("""
            SELECT id, office_id, week_start, rate, population FROM liaison.return_visit_sample
            WHERE id > \(afterID ?? 0) AND (\(week)::date IS NULL OR week_start = \(week))
              AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
            ORDER BY id LIMIT \(limit + 1)
            """) {
            samples.append(try await decode(row, in: tx))
        }
        return samples
    }

    /// Stores a sample with its tickets; a concurrent draw of the same office and week fails on the unique key.
    public static func insert(
        officeID: Int64, week: LocalDate, rate: Decimal, population: Int, ticketIDs: [Int64], createdBy: Int64, at now: Date,
        in tx: Transaction
    ) async throws -> ReturnVisitSample {
        let id: Int64 = try await tx.query("""
            INSERT INTO liaison.return_visit_sample (office_id, week_start, rate, population, created_at, created_by)
            VALUES (\(officeID), \(week), \(rate), \(population), \(now), \(createdBy)) RETURNING id
            """).single().decode("id")
        try await tx.execute("""
            INSERT INTO liaison.return_visit_sample_item (office_id, sample_id, ticket_id)
            SELECT \(officeID), \(id), unnest(\(ticketIDs)::bigint[])
            """)
        guard let sample = try await find(id: id, in: tx) else {
            throw PersistenceError(kind: .decoding, message: "the new sample \(id) is not visible")
        }
        return sample
    }

    /// Records the result of calling one sampled ticket's owner; false when the ticket is not in the sample.
    public static func recordResult(
        sample: ReturnVisitSample, ticketID: Int64, visitorID: Int64, fixed: Bool, satisfaction: Int, chargeCorrect: Bool?,
        comment: String, at now: Date, in tx: Transaction
    ) async throws -> Bool {
        try await tx.query("""
            UPDATE liaison.return_visit_sample_item SET visited_at = \(now), visitor_id = \(visitorID), fixed = \(fixed),
                satisfaction = \(satisfaction), charge_correct = \(chargeCorrect), comment = \(comment)
            WHERE office_id = \(sample.officeID) AND sample_id = \(sample.id) AND ticket_id = \(ticketID)
            RETURNING ticket_id
            """).first != nil
    }

    private static func decode(_ row: PostgresRow, in tx: Transaction) async throws -> ReturnVisitSample {
        let id: Int64 = try row.decode("id")
        let officeID: Int64 = try row.decode("office_id")
        let items = try await tx.query("""
            SELECT i.ticket_id, t.number, i.visited_at, i.visitor_id, i.fixed, i.satisfaction, i.charge_correct, i.comment
            FROM liaison.return_visit_sample_item i
            JOIN liaison.ticket t ON t.office_id = i.office_id AND t.id = i.ticket_id
            WHERE i.office_id = \(officeID) AND i.sample_id = \(id) ORDER BY i.ticket_id
            """).map { item in
            ReturnVisitSample.Item(
                ticketID: try item.decode("ticket_id"), ticketNumber: try item.decode("number"), visitedAt: try item.decode("visited_at"),
                visitorID: try item.decode("visitor_id"), fixed: try item.decode("fixed"), satisfaction: try item.decode("satisfaction"),
                chargeCorrect: try item.decode("charge_correct"), comment: try item.decode("comment"))
        }
        return ReturnVisitSample(
            id: id, officeID: officeID, weekStart: try row.decode("week_start"), rate: try row.decode("rate"),
            population: try row.decode("population"), items: items)
    }
}
