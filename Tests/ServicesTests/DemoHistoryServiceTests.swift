import Domain
import Foundation
import Persistence
import Services
import TestSupport
import Testing

/// The demo history generator (issue 5, `liaison seed-demo --offices …`): reproducible, written
/// under the database's constraints, and plausible as KPIs.
@Suite("Demo ticket history (liaison seed-demo --offices)")
struct DemoHistoryServiceTests {
    static let now = Date(timeIntervalSince1970: 1_795_348_800)  // 2026-11-22 12:00 UTC
    static let plan = DemoHistoryService.Plan(offices: 2, months: 2, ticketsPerOfficeMonth: 60, seed: 42)

    /// Generates the plan into a fresh database; its fingerprint (every ticket, event and clock) and the admin pool.
    func generate(_ label: String) async throws -> (outcome: DemoHistoryService.Outcome, fingerprint: String, admin: Database, app: Database) {
        let url = try await TestDatabase.cloneTemplate(label: label)
        let app = Database(configuration: DatabaseConfiguration(connectionString: url, role: "liaison_app", maxConnections: 2))
        let service = DemoHistoryService(database: app, hasher: TestFixtures.hasher, now: { Self.now })
        let outcome = try await service.generate(Self.plan)
        #expect(try await service.generate(Self.plan) == .alreadyPresent)
        let admin = TestDatabase.adminDatabase(url: url, maxConnections: 1)
        let fingerprint: String = try await admin.withConnection { connection in
            try await connection.query("""
                SELECT md5(string_agg(line, '|' ORDER BY line)) AS fingerprint FROM (
                    SELECT format('%s %s %s %s %s %s %s', t.number, t.state, t.category, t.urgency, t.received_at, t.rework_count,
                                  (SELECT string_agg(e.kind || e.at, ',' ORDER BY e.id) FROM liaison.ticket_event e
                                   WHERE e.office_id = t.office_id AND e.ticket_id = t.id)) AS line
                    FROM liaison.ticket t
                    UNION ALL
                    SELECT format('%s %s %s %s %s', t.number, c.kind, c.round, c.due_at, c.outcome)
                    FROM liaison.ticket_clock c JOIN liaison.ticket t ON t.office_id = c.office_id AND t.id = c.ticket_id
                ) lines
                """).single().decode("fingerprint")
        }
        return (outcome, fingerprint, admin, app)
    }

    @Test("the same plan and seed give the same history; a second run changes nothing; the KPIs are plausible")
    func reproducibleAndPlausible() async throws {
        let first = try await generate("history_a")
        let second = try await generate("history_b")
        #expect(first.fingerprint == second.fingerprint)
        // November up to the 22nd (noon): 60 * 21.5 / 30 ≈ 43 of the month's tickets per office; October all 60.
        guard case .created(offices: 2, tickets: let tickets) = first.outcome else { Issue.record("\(first.outcome)"); return }
        #expect((190...220).contains(tickets))

        #expect(try await KPIRefresher(database: first.app).refreshAll() > 0)
        let october: [(String, Int, Double?, Double?, Double?)] = try await first.admin.withConnection { connection in
            try await connection.query("""
                SELECT office_code, received, timeliness_rate::float8 AS timeliness, pass_rate::float8 AS pass,
                       return_visit_rate::float8 AS visits
                FROM bi.office_ticket_kpi WHERE period = 'month' AND period_start = DATE '2026-10-01' ORDER BY office_code
                """).map { row in
                    (try row.decode("office_code"), try row.decode("received"), try row.decode("timeliness"), try row.decode("pass"),
                     try row.decode("visits"))
                }
        }
        #expect(october.map(\.0) == ["H001", "H002"] && october.allSatisfy { $0.1 == 60 })
        for office in october {
            #expect((0.6...1).contains(office.2 ?? -1), "timeliness of \(office.0)")
            #expect((0.8...1).contains(office.3 ?? -1), "pass rate of \(office.0)")
            #expect((0.8...1).contains(office.4 ?? -1), "return-visit rate of \(office.0)")
        }
        let units: Int = try await first.admin.withConnection { connection in
            try await connection.query("SELECT count(*) AS n FROM liaison.unit").single().decode("n")
        }
        #expect(units == 800)
        for world in [first, second] {
            await world.admin.shutdown()
            await world.app.shutdown()
        }
    }
}
