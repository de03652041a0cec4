import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// SAF-4/5 analysis and appraisal on hand-built cards (written as the superuser, observed over five
/// weeks): the weekly analysis of unsafe acts through HTTP, and the weekly team and people and
/// monthly unit rankings in `bi` read as the BI role, ties included. Times are Asia/Shanghai.
@Suite("Safety analysis and appraisal (SAF-4, SAF-5)")
struct SafetyAnalysisEndpointTests {
    static let suite = "http_safety_analysis"

    @Test("SAF-4/5: weekly top unsafe categories, their trend against the 4 weeks before and repeats equal the hand-computed values; random cards and next week's card do not count; team, people and unit rankings share ranks on ties")
    func weeklyAnalysisAndRankings() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (x, codeX) = try await TestFixtures.newOffice("X", suite: Self.suite)
        let (y, codeY) = try await TestFixtures.newOffice("Y", suite: Self.suite)
        let (z, codeZ) = try await TestFixtures.newOffice("Z", suite: Self.suite)
        func users(_ count: Int, _ code: String) async throws -> [Int64] {
            var ids: [Int64] = []
            for index in 0..<count {
                ids.append(try await TestFixtures.user(
                    TestFixtures.unique("u"), roles: [index == 0 ? .officeManager : .technician], officeCodes: [code], database: database).id)
            }
            return ids
        }
        let people = try await users(7, codeX), peopleY = try await users(2, codeY), peopleZ = try await users(2, codeZ)
        let manager = try await TestFixtures.user(TestFixtures.unique("mgr"), roles: [.officeManager], officeCodes: [codeX], database: database)

        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        func team(_ office: Int64, _ name: String, _ members: [Int64]) async throws -> Int64 {
            try await admin.withConnection { connection in
                try await connection.query("""
                    INSERT INTO liaison.safety_team (office_id, name, leader_id, member_ids, created_at)
                    VALUES (\(office), \(name), \(members[0]), \(members), now()) RETURNING id
                    """).single().decode("id")
            }
        }
        let areaX = try await TestFixtures.safetyArea(office: x, suite: Self.suite)
        let areaY = try await TestFixtures.safetyArea(office: y, suite: Self.suite)
        let areaZ = try await TestFixtures.safetyArea(office: z, suite: Self.suite)
        let teamA = try await team(x, "A组", [people[0], people[1]]), teamB = try await team(x, "B组", [people[2], people[3]])
        let teamC = try await team(x, "C组", [people[4], people[5]])
        let teamY = try await team(y, "Y组", peopleY), teamZ = try await team(z, "Z组", peopleZ)
        /// A card observed at a Shanghai time ("2026-11-17 10:00"), with (category, safe) observations.
        func card(_ office: Int64, _ area: Int64, team: Int64?, observer: Int64, _ at: String, _ observations: [(String, Bool)]) async throws {
            try await admin.withConnection { connection in
                let id: Int64 = try await connection.query("""
                    INSERT INTO liaison.stop_card (office_id, kind, team_id, observer_id, area_id, observed_at, recorded_at)
                    VALUES (\(office), \(team == nil ? "random" : "planned"), \(team), \(observer), \(area),
                            (\(at)::timestamp AT TIME ZONE 'Asia/Shanghai'), now())
                    RETURNING id
                    """).single().decode("id")
                for (index, observation) in observations.enumerated() {
                    try await connection.execute("""
                        INSERT INTO liaison.stop_card_observation (card_id, office_id, position, category, safe)
                        VALUES (\(id), \(office), \(index + 1), \(observation.0), \(observation.1))
                        """)
                }
            }
        }
        let unsafe = { (category: String, count: Int) in Array(repeating: (category, false), count: count) }
        // The four weeks before: one card of team A each (unsafe positions, tools, procedures, ergonomics as tabled below).
        try await card(x, areaX, team: teamA, observer: people[0], "2026-10-21 10:00", unsafe("positions", 2) + unsafe("tools_equipment", 1) + unsafe("procedures_order", 1))
        try await card(x, areaX, team: teamA, observer: people[0], "2026-10-28 10:00", unsafe("tools_equipment", 1))
        try await card(x, areaX, team: teamA, observer: people[0], "2026-11-04 10:00", unsafe("positions", 1) + unsafe("tools_equipment", 1) + unsafe("ergonomics", 2))
        try await card(x, areaX, team: teamA, observer: people[0], "2026-11-11 10:00", unsafe("positions", 1) + unsafe("tools_equipment", 2))
        // The week of Monday 2026-11-16: teams A and B two cards each, C one.
        try await card(x, areaX, team: teamA, observer: people[0], "2026-11-17 10:00", unsafe("positions", 2) + unsafe("protective_equipment", 1))
        try await card(x, areaX, team: teamA, observer: people[1], "2026-11-22 23:30", unsafe("positions", 1) + [("reactions", true)])
        try await card(x, areaX, team: teamB, observer: people[2], "2026-11-18 09:00", unsafe("protective_equipment", 2))
        try await card(x, areaX, team: teamB, observer: people[3], "2026-11-19 15:00", unsafe("tools_equipment", 1) + unsafe("procedures_order", 1))
        try await card(x, areaX, team: teamC, observer: people[4], "2026-11-20 08:00", [("ergonomics", true)])
        // Never counted: a random card by someone in no team, and team C's card at 00:10 on Monday 2026-11-23 (the next week).
        try await card(x, areaX, team: nil, observer: people[6], "2026-11-18 11:00", unsafe("reactions", 5))
        try await card(x, areaX, team: teamC, observer: people[5], "2026-11-23 00:10", unsafe("positions", 1))
        // Offices Y and Z: two planned cards each in November, one unsafe act each.
        for (office, area, team, observer) in [(y, areaY, teamY, peopleY[0]), (z, areaZ, teamZ, peopleZ[0])] {
            try await card(office, area, team: team, observer: observer, "2026-11-05 10:00", unsafe("positions", 1))
            try await card(office, area, team: team, observer: observer, "2026-11-06 10:00", [("positions", true)])
        }
        await admin.shutdown()

        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, manager.username)
            let analysis = try await TestApp.send(client, headers, .get, "/v1/safety-analysis?officeId=\(x)&day=2026-11-18")
            #expect(analysis.status == .ok, "\(analysis.json)")
            #expect(analysis.json["weekStart"] as? String == "2026-11-16")
            let categories = (analysis.json["categories"] as? [[String: Any]] ?? []).map { line in
                "\(line["category"] ?? "-") safe \(line["safe"] ?? "-") unsafe \(line["unsafe"] ?? "-") previous \(line["previous"] as? [Int] ?? []) average \(line["previousAverage"] ?? "-") \(line["trend"] ?? "-") \(line["repeated"] as? Bool == true ? "repeated" : "new")"
            }
            #expect(categories == [
                "reactions safe 1 unsafe 0 previous [0, 0, 0, 0] average 0.00 steady new",
                "positions safe 0 unsafe 3 previous [2, 0, 1, 1] average 1.00 rising repeated",
                "protective_equipment safe 0 unsafe 3 previous [0, 0, 0, 0] average 0.00 rising new",
                "tools_equipment safe 0 unsafe 1 previous [1, 1, 1, 2] average 1.25 falling repeated",
                "procedures_order safe 0 unsafe 1 previous [1, 0, 0, 0] average 0.25 rising new",
                "ergonomics safe 1 unsafe 0 previous [0, 0, 2, 0] average 0.50 falling new",
            ])
            // Positions and protective equipment tie at 3 (seed order), then tools before procedures at 1.
            #expect(analysis.json["top"] as? [String] == ["positions", "protective_equipment", "tools_equipment"])
            // Sunday's date names the same week; another office is not the caller's.
            let sunday = try await TestApp.send(client, headers, .get, "/v1/safety-analysis?officeId=\(x)&day=2026-11-22")
            #expect(sunday.json["weekStart"] as? String == "2026-11-16")
            #expect(try await TestApp.send(client, headers, .get, "/v1/safety-analysis?officeId=\(y)&day=2026-11-18").status == .unprocessableContent)
        }

        // Rankings as BI tools read them.
        let (teams, observers, units) = try await TestDatabase.readAsBI(suite: Self.suite) { tx in
            let teams: [String] = try await tx.query("""
                SELECT team_name || ' ' || planned_cards || ' ' || observations || ' #' || rank AS row FROM bi.safety_teams_weekly
                WHERE office_id = \(x) AND week_start = DATE '2026-11-16' ORDER BY rank, team_name
                """).map { try $0.decode("row") }
            let observers: [String] = try await tx.query("""
                SELECT observer_id || ' ' || planned_cards || ' #' || rank AS row FROM bi.safety_people_weekly
                WHERE office_id = \(x) AND week_start = DATE '2026-11-16' ORDER BY rank, observer_id
                """).map { try $0.decode("row") }
            let units: [String] = try await tx.query("""
                SELECT office_code || ' ' || planned_cards || ' ' || unsafe_acts || ' #' || rank AS row FROM bi.safety_units_monthly
                WHERE label = '2026-11' AND office_id IN (\(x), \(y), \(z)) ORDER BY rank, office_code
                """).map { try $0.decode("row") }
            return (teams, observers, units)
        }
        #expect(teams == ["A组 2 5 #1", "B组 2 4 #1", "C组 1 1 #3"])
        #expect(observers == ["\(people[0]) 2 #1", "\(people[1]) 2 #1", "\(people[2]) 2 #1", "\(people[3]) 2 #1", "\(people[4]) 1 #5", "\(people[5]) 1 #5"])
        // November: X 8 planned cards (16 unsafe acts), Y and Z 2 each (1 each): X first, Y and Z tied second.
        #expect(units == ["\(codeX) 8 16 #1", "\(codeY) 2 1 #2", "\(codeZ) 2 1 #2"])
    }
}
