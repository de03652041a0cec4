import Domain
import Foundation
import Persistence
import Services
import TestSupport
import Testing

/// The office KPIs and ranks (TKT-14, BI-1, BI-3) on hand-built tickets whose every number is
/// worked out by hand below. Each test has its own database, so the ranking sees only these offices.
@Suite("Office KPIs and rankings: hand-computed values")
struct OfficeKPITests {
    /// Office KPA (200 units), KPB (100 units), KPC (no units), Asia/Shanghai.
    ///
    /// October 2026, KPA: A1 repair, closed, chased 3 times: entry 30 s met, dispatch 60 s met,
    /// on_site 900 s breached, return_visit 3600 s met; accepted, visited (5).
    /// A2 repair at 23:59 local on 31 October, 2 reworks: entry 45 s met; rejected, then accepted,
    /// visit failed (2), accepted again, visited (5): its first visit decides, so not satisfied. A3 complaint, closed: entry 20 s met; accepted, visited (3).
    /// A4 complaint, cancelled. A5 help at 00:00 local on 1 November: entry running past due.
    /// KPB: B1 repair, closed: entry 60 s met; accepted, visited (4). B2 inquiry: entry 30 s met.
    /// B3 complaint, accepted, not visited: entry 10 s met. KPC: C1 inquiry, no clock.
    /// HQ sampled A1 and A2 in the week of 5 October and called A1.
    static let setup = """
        INSERT INTO liaison.office (code, name) VALUES ('KPA', '甲管理处'), ('KPB', '乙管理处'), ('KPC', '丙管理处');
        INSERT INTO liaison.staff_user (username, display_name, password_hash) VALUES ('kpi-desk', 'Desk', 'x');
        INSERT INTO liaison.estate (office_id, code, name, kind)
            SELECT id, 'E' || code, code, 'residential' FROM liaison.office WHERE code IN ('KPA', 'KPB');
        INSERT INTO liaison.building (office_id, estate_id, name) SELECT office_id, id, '1' FROM liaison.estate;
        INSERT INTO liaison.unit (office_id, building_id, number)
            SELECT b.office_id, b.id, n::text FROM liaison.building b JOIN liaison.office o ON o.id = b.office_id
            CROSS JOIN LATERAL generate_series(1, CASE o.code WHEN 'KPA' THEN 200 ELSE 100 END) n;
        INSERT INTO liaison.ticket (office_id, number, state, source, category, urgency, service_mode, contact_name, content,
                                    received_at, recorded_at, receiver_id, rework_count, chase_count, cancel_reason)
            SELECT o.id, v.ref, v.state, 'owner_call', v.category, 'normal', 'immediate', '业主', '内容', v.received::timestamptz,
                   v.received::timestamptz, u.id, v.rework, v.chases, CASE WHEN v.state = 'cancelled' THEN '重复登记' END
            FROM (VALUES
                ('KPA', 'A1', 'engineering', 'closed', '2026-10-05 10:00:00+08', 0, 3),
                ('KPA', 'A2', 'engineering', 'return_visited', '2026-10-31 23:59:00+08', 2, 0),
                ('KPA', 'A3', 'complaint', 'closed', '2026-10-10 09:00:00+08', 0, 0),
                ('KPA', 'A4', 'complaint', 'cancelled', '2026-10-12 09:00:00+08', 0, 0),
                ('KPA', 'A5', 'help', 'recorded', '2026-11-01 00:00:00+08', 0, 0),
                ('KPB', 'B1', 'engineering', 'closed', '2026-10-03 08:00:00+08', 0, 0),
                ('KPB', 'B2', 'inquiry', 'signed', '2026-10-20 08:00:00+08', 0, 0),
                ('KPB', 'B3', 'complaint', 'accepted', '2026-10-21 08:00:00+08', 0, 0),
                ('KPC', 'C1', 'inquiry', 'recorded', '2026-10-07 08:00:00+08', 0, 0)
            ) AS v(office, ref, category, state, received, rework, chases)
            JOIN liaison.office o ON o.code = v.office CROSS JOIN liaison.staff_user u WHERE u.username = 'kpi-desk';
        INSERT INTO liaison.ticket_clock (office_id, ticket_id, kind, policy_version, started_at, due_at, warn_at, stopped_at, outcome)
            SELECT t.office_id, t.id, v.kind, 0, t.received_at, t.received_at + interval '1 minute', t.received_at,
                   t.received_at + v.seconds * interval '1 second', v.outcome
            FROM (VALUES ('A1', 'entry', 30, 'met'), ('A1', 'dispatch', 60, 'met'), ('A1', 'on_site', 900, 'breached'),
                         ('A1', 'return_visit', 3600, 'met'), ('A2', 'entry', 45, 'met'), ('A3', 'entry', 20, 'met'),
                         ('A5', 'entry', NULL, 'breached'), ('B1', 'entry', 60, 'met'), ('B2', 'entry', 30, 'met'),
                         ('B3', 'entry', 10, 'met')) AS v(ref, kind, seconds, outcome)
            JOIN liaison.ticket t ON t.number = v.ref;
        INSERT INTO liaison.ticket_event (office_id, ticket_id, at, kind, to_state, payload)
            SELECT t.office_id, t.id, t.received_at + v.step * interval '1 hour', v.kind, v.to_state, v.payload::jsonb
            FROM (VALUES ('A1', 1, 'accept', 'accepted', '{}'), ('A1', 2, 'return_visit', 'return_visited', '{"satisfaction": "5"}'),
                         ('A2', 1, 'reject', 'rework', '{}'), ('A2', 2, 'accept', 'accepted', '{}'),
                         ('A2', 3, 'return_visit_failed', 'rework', '{"satisfaction": "2"}'), ('A2', 4, 'accept', 'accepted', '{}'),
                         ('A2', 5, 'return_visit', 'return_visited', '{"satisfaction": "5"}'),
                         ('A3', 1, 'accept', 'accepted', '{}'), ('A3', 2, 'return_visit', 'return_visited', '{"satisfaction": "3"}'),
                         ('B1', 1, 'accept', 'accepted', '{}'), ('B1', 2, 'return_visit', 'return_visited', '{"satisfaction": "4"}'),
                         ('B3', 1, 'accept', 'accepted', '{}')) AS v(ref, step, kind, to_state, payload)
            JOIN liaison.ticket t ON t.number = v.ref ORDER BY v.ref, v.step;
        INSERT INTO liaison.return_visit_sample (office_id, week_start, rate, population, created_at, created_by)
            SELECT o.id, DATE '2026-10-05', 0.2, 10, now(), u.id FROM liaison.office o, liaison.staff_user u
            WHERE o.code = 'KPA' AND u.username = 'kpi-desk';
        INSERT INTO liaison.return_visit_sample_item (office_id, sample_id, ticket_id, visited_at, fixed, satisfaction)
            SELECT s.office_id, s.id, t.id, CASE t.number WHEN 'A1' THEN now() END, CASE t.number WHEN 'A1' THEN true END,
                   CASE t.number WHEN 'A1' THEN 5 END
            FROM liaison.return_visit_sample s JOIN liaison.ticket t ON t.office_id = s.office_id AND t.number IN ('A1', 'A2');
        """

    struct World {
        let url: String
        let app: Database
        let admin: Database
        let offices: [String: Int64]
        let refresher: KPIRefresher
        let service: KPIService

        func shutdown() async {
            await app.shutdown()
            await admin.shutdown()
        }
    }

    func world(_ label: String) async throws -> World {
        let url = try await TestDatabase.cloneTemplate(label: label)
        let admin = TestDatabase.adminDatabase(url: url, maxConnections: 1)
        try await admin.withConnection { connection in try await connection.executeScript(unescaped: Self.setup) }
        let offices: [String: Int64] = try await admin.withConnection { connection in
            Dictionary(uniqueKeysWithValues: try await connection.query("SELECT code, id FROM liaison.office").map {
                (try $0.decode("code", as: String.self), try $0.decode("id", as: Int64.self))
            })
        }
        let app = Database(configuration: DatabaseConfiguration(connectionString: url, role: "liaison_app", maxConnections: 2))
        return World(
            url: url, app: app, admin: admin, offices: offices, refresher: KPIRefresher(database: app),
            service: KPIService(database: app, now: { Date(timeIntervalSince1970: 1_795_000_000) }))
    }

    static let october = KPIPeriod(.month, label: "2026-10")!
    static let hq = Caller(actor: Actor(userID: 1, username: "kpi-quality", roles: [.qualityStaff], officeIDs: [], departmentID: nil), requestID: nil)

    static func manager(of office: Int64) -> Caller {
        Caller(actor: Actor(userID: 1, username: "kpi-manager", roles: [.officeManager], officeIDs: [office], departmentID: nil), requestID: nil)
    }

    @Test("TKT-14, BI-1: every count and rate of an office-month equals the hand-computed value; zero denominators are nil")
    func officeMonth() async throws {
        let world = try await world("kpi_month")
        #expect(try await world.refresher.refreshAll() == 9)  // office-days: A 5, 10, 12, 31 Oct and 1 Nov; B 3, 20, 21 Oct; C 7 Oct
        let a = try await world.service.officeKPI(officeID: world.offices["KPA"]!, kind: .month, at: "2026-10", Self.hq).kpi
        #expect(a.received == 4)  // A2 at 23:59 local on the 31st counts in October; A5 at 00:00 on the 1st does not (BI-3)
        #expect(a.receivedByCategory[.engineering] == 2 && a.receivedByCategory[.complaint] == 2 && a.receivedByCategory[.help] == 0)
        #expect(a.cancelled == 1)
        #expect(a.counts == [
            "satisfied": 2, "visited": 3, "visit_due": 3, "on_time": 2, "timed": 3, "repairs_on_time": 1, "repairs_timed": 2,
            "passed_first_time": 2, "acceptance_decided": 3, "complaints_closed": 1, "units": 200,
        ])
        #expect(a.rates == [
            .satisfaction: 0.6667, .timeliness: 0.6667, .repairTimeliness: 0.5, .pass: 0.6667, .returnVisit: 1,
            .complaintHandling: 1, .complaintsPer100Units: 0.5, .slaBreaches: 1,
        ])
        #expect(a.complaints == 1 && a.reworks == 2 && a.reworkedTickets == 1 && a.chases == 3)
        let entry = try #require(a.clocks.first { $0.clock == "entry" })
        // 20, 30, 45 s: average 31.67 s = 0.5 min; p90 = 30 + 0.8 * (45 - 30) = 42 s = 0.7 min.
        #expect(entry == ClockKPI(clock: "entry", decided: 3, met: 3, breached: 0, timelinessRate: 1, stopped: 3, averageMinutes: 0.5, p90Minutes: 0.7))
        let onSite = try #require(a.clocks.first { $0.clock == "on_site" })
        #expect(onSite == ClockKPI(clock: "on_site", decided: 1, met: 0, breached: 1, timelinessRate: 0, stopped: 1, averageMinutes: 15, p90Minutes: 15))
        #expect(a.clocks.map(\.clock) == ["dispatch", "entry", "on_site", "return_visit"])

        let c = try await world.service.officeKPI(officeID: world.offices["KPC"]!, kind: .month, at: "2026-10", Self.hq).kpi
        #expect(c.received == 1 && c.counts["timed"] == 0 && c.counts["units"] == 0)
        #expect(c.rates == [.slaBreaches: 0])  // every rate has a zero denominator: nil, not 0 and not 1
        #expect(c.clocks.isEmpty)
        await world.shutdown()
    }

    @Test("BI-3: periods in Asia/Shanghai — week 2026-W44 spans the month boundary; November, Q4 and H2 add up")
    func periodBoundaries() async throws {
        let world = try await world("kpi_periods")
        try await world.refresher.refreshAll()
        let office = world.offices["KPA"]!
        func received(_ kind: KPIPeriod.Kind, _ label: String) async throws -> Int {
            try await world.service.officeKPI(officeID: office, kind: kind, at: label, Self.hq).kpi.received
        }
        #expect(try await received(.day, "2026-10-31") == 1)  // A2, 15:59 UTC
        #expect(try await received(.day, "2026-11-01") == 1)  // A5, 16:00 UTC on 31 October
        #expect(try await received(.week, "2026-W44") == 2)  // Monday 26 October - Sunday 1 November
        #expect(try await received(.month, "2026-11") == 1)
        #expect(try await received(.quarter, "2026-Q4") == 5)
        #expect(try await received(.halfYear, "2026-H2") == 5)
        #expect(try await received(.month, "2026-09") == 0)
        let november = try await world.service.officeKPI(officeID: office, kind: .month, at: "2026-11", Self.hq).kpi
        #expect(november.rates[.timeliness] == 0)  // A5's entry clock runs past due: breached, so decided
        let quarter = try await world.service.officeKPI(officeID: office, kind: .quarter, at: "2026-Q4", Self.hq).kpi
        let entry = try #require(quarter.clocks.first { $0.clock == "entry" })
        #expect(entry.decided == 4 && entry.breached == 1 && entry.stopped == 3 && entry.p90Minutes == 0.7)  // p90 from the days' durations
        await world.shutdown()
    }

    @Test("BI-1: ranks are RANK() over the offices with a value — ties share a rank and skip the next; no value, no rank; targets of TKT-14")
    func ranking() async throws {
        let world = try await world("kpi_ranking")
        try await world.refresher.refreshAll()
        let ranking = try await world.service.ranking(kind: .month, at: "2026-10", metric: nil, Self.hq)
        #expect(ranking.period == Self.october)
        func row(_ metric: KPIMetric, _ code: String) -> OfficeRank? {
            ranking.ranks.first { $0.metric == metric && $0.officeCode == code }
        }
        func ranks(_ metric: KPIMetric) -> [String: Int?] {
            Dictionary(uniqueKeysWithValues: ranking.ranks.filter { $0.metric == metric }.map { ($0.officeCode, $0.rank) })
        }
        #expect(ranks(.satisfaction) == ["KPB": 1, "KPA": 2, "KPC": nil])
        #expect(ranks(.timeliness) == ["KPB": 1, "KPA": 2, "KPC": nil])
        #expect(ranks(.repairTimeliness) == ["KPB": 1, "KPA": 2, "KPC": nil])
        #expect(ranks(.pass) == ["KPB": 1, "KPA": 2, "KPC": nil])
        #expect(ranks(.returnVisit) == ["KPA": 1, "KPB": 2, "KPC": nil])
        #expect(ranks(.complaintHandling) == ["KPA": 1, "KPB": 2, "KPC": nil])
        #expect(ranks(.complaintsPer100Units) == ["KPA": 1, "KPB": 2, "KPC": nil])  // 0.50 < 1.00; KPC has no units
        #expect(ranks(.slaBreaches) == ["KPB": 1, "KPC": 1, "KPA": 3])  // 0, 0, 1: the tie shares 1, rank 2 is skipped
        #expect(row(.slaBreaches, "KPA")?.rankedOffices == 3 && row(.satisfaction, "KPA")?.rankedOffices == 2)
        // Satisfaction must be above 98%; the rest at least their target; no target for the counts.
        #expect(row(.satisfaction, "KPB")?.targetMet == true && row(.satisfaction, "KPB")?.target == 0.98)
        #expect(row(.satisfaction, "KPA")?.targetMet == false && row(.satisfaction, "KPC")?.targetMet == nil)
        #expect(row(.returnVisit, "KPB")?.value == 0.5 && row(.returnVisit, "KPB")?.targetMet == false)
        #expect(row(.slaBreaches, "KPB")?.target == nil && row(.slaBreaches, "KPB")?.targetMet == nil)
        #expect(ranking.ranks.count == 3 * KPIMetric.allCases.count)

        let breaches = try await world.service.ranking(kind: .month, at: "2026-10", metric: .slaBreaches, Self.hq)
        #expect(breaches.ranks.map(\.officeCode) == ["KPB", "KPC", "KPA"])
        await world.shutdown()
    }

    @Test("BI-1: a change to a ticket's clock is marked in its transaction; the next refresh redoes that day, its periods and their ranks")
    func incrementalRefresh() async throws {
        let world = try await world("kpi_incremental")
        try await world.refresher.refreshAll()
        #expect(try await world.refresher.refresh() == 0)
        try await world.admin.withConnection { connection in
            try await connection.execute("""
                INSERT INTO liaison.ticket_clock (office_id, ticket_id, kind, policy_version, started_at, due_at, warn_at, outcome)
                SELECT office_id, id, 'answer', 0, received_at, received_at + interval '15 minutes', received_at, 'breached'
                FROM liaison.ticket WHERE number = 'B2'
                """)
        }
        #expect(try await world.refresher.refresh() == 1)  // KPB, 20 October
        let breaches = try await world.service.ranking(kind: .month, at: "2026-10", metric: .slaBreaches, Self.hq)
        #expect(breaches.ranks.map { "\($0.officeCode) \($0.value ?? -1) \($0.rank ?? 0)" } == ["KPC 0.0 1", "KPA 1.0 2", "KPB 1.0 2"])
        let quarter = try await world.service.officeKPI(officeID: world.offices["KPB"]!, kind: .quarter, at: "2026-Q4", Self.hq).kpi
        #expect(quarter.rates[.slaBreaches] == 1 && quarter.rates[.timeliness] == 0.6667)
        await world.shutdown()
    }

    @Test("BI-1: bi.return_visit_coverage counts the office's visits of accepted tickets and HQ's sampled calls (TKT-12, SRV-1)")
    func returnVisitCoverage() async throws {
        let world = try await world("kpi_coverage")
        try await world.refresher.refreshAll()
        let row = try await world.admin.withConnection { connection in
            try await connection.query("""
                SELECT visit_due, visited, not_visited, return_visit_rate::float8 AS rate, visits_late, hq_sampled, hq_called,
                       hq_called_rate::float8 AS called_rate, return_visit_timeliness_rate::float8 AS on_time
                FROM bi.return_visit_coverage WHERE office_code = 'KPB' AND period = 'month' AND period_start = DATE '2026-10-01'
                UNION ALL
                SELECT visit_due, visited, not_visited, return_visit_rate::float8, visits_late, hq_sampled, hq_called,
                       hq_called_rate::float8, return_visit_timeliness_rate::float8
                FROM bi.return_visit_coverage WHERE office_code = 'KPA' AND period = 'month' AND period_start = DATE '2026-10-01'
                """).map { row in
                    try ["visit_due", "visited", "not_visited", "visits_late", "hq_sampled", "hq_called"].map { try row.decode($0, as: Int.self) }
                        + [try row.decode("rate", as: Double?.self), try row.decode("called_rate", as: Double?.self),
                           try row.decode("on_time", as: Double?.self)].map { $0.map { Int($0 * 10_000) } ?? -1 }
                }
        }
        #expect(row == [[2, 1, 1, 0, 0, 0, 5000, -1, -1], [3, 3, 0, 0, 2, 1, 10000, 5000, 10000]])
        await world.shutdown()
    }

    @Test("BI-1: an office sees its own KPIs and its rank among all offices, never another office's numbers")
    func officeIsolation() async throws {
        let world = try await world("kpi_isolation")
        try await world.refresher.refreshAll()
        let a = world.offices["KPA"]!, b = world.offices["KPB"]!
        let ranking = try await world.service.ranking(kind: .month, at: "2026-10", metric: nil, Self.manager(of: a))
        #expect(!ranking.ranks.isEmpty && ranking.ranks.allSatisfy { $0.officeID == a })
        #expect(ranking.ranks.first { $0.metric == .satisfaction }.map { "\($0.rank ?? 0)/\($0.rankedOffices)" } == "2/2")
        await #expect(throws: ServiceError.self) {
            try await world.service.officeKPI(officeID: b, kind: .month, at: "2026-10", Self.manager(of: a))
        }
        let own = try await world.service.officeKPI(officeID: a, kind: .month, at: "2026-10", Self.manager(of: a))
        #expect(own.kpi.received == 4 && own.ranks.count == KPIMetric.allCases.count && own.ranks.allSatisfy { $0.officeID == a })
        await world.shutdown()
    }

    @Test("a label of the wrong shape is a validation error naming `at`; no label means the current period (company zone)")
    func labels() async throws {
        let world = try await world("kpi_labels")
        let error = await #expect(throws: ServiceError.self) {
            try await world.service.ranking(kind: .month, at: "2026-13", metric: nil, Self.hq)
        }
        guard case .validation(let issues) = error else { Issue.record("expected a validation error, got \(String(describing: error))"); return }
        #expect(issues.map(\.field) == ["at"])
        // 1_795_000_000 s = 2026-11-18T11:06:40Z, a Wednesday: November, week 47.
        #expect(try await world.service.ranking(kind: .month, at: nil, metric: nil, Self.hq).period.label == "2026-11")
        #expect(try await world.service.ranking(kind: .week, at: nil, metric: nil, Self.hq).period.label == "2026-W47")
        await world.shutdown()
    }

    @Test("a return visit counts as satisfied exactly when it scores what a passing visit needs (bi.is_satisfied agrees with TicketService)")
    func satisfiedAgreesWithTheLifecycle() async throws {
        let world = try await world("kpi_satisfied")
        let passing = TicketService.minimumPassingSatisfaction
        let verdicts: [Bool] = try await world.admin.withConnection { connection in
            let row = try await connection.query("SELECT bi.is_satisfied(\(passing)::integer) AS pass, bi.is_satisfied(\(passing - 1)::integer) AS fail").single()
            return [try row.decode("pass"), try row.decode("fail")]
        }
        #expect(verdicts == [true, false])
        await world.shutdown()
    }
}
