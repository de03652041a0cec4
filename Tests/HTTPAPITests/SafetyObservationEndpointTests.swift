import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// STOP cards through HTTP (SAF-1..3): teams of 2-3, planned cards by a team member that count,
/// random cards that never do, the same-day entry window, and anonymity by structure — no field,
/// column or view names the observed person. Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("Safety observation: STOP cards (SAF-1, SAF-2, SAF-3)")
struct SafetyObservationEndpointTests {
    static let suite = "http_safety_observation"

    static func card(office: Int64, kind: String, team: Int64? = nil, area: Int64, at: String = "2026-11-22T18:30:00+08:00", extra: String = "")
        -> String {
        let teamField = team.map { #","teamId":\#($0)"# } ?? ""
        return #"{"officeId":\#(office),"kind":"\#(kind)"\#(teamField),"areaId":\#(area),"shift":"day","observedAt":"\#(at)"\#(extra),"observations":[{"category":"protective_equipment","safe":false,"actions":["stop","discuss","agree"],"note":"未戴安全帽登高"},{"category":"tools_equipment","safe":true,"actions":["praise","thank"]}]}"#
    }

    static func line(_ statistics: [String: Any], _ category: String) -> (safe: Int?, unsafe: Int?) {
        let line = (statistics["lines"] as? [[String: Any]])?.first { $0["category"] as? String == category }
        return (line?["safe"] as? Int, line?["unsafe"] as? Int)
    }

    @Test("SAF-1/2/3: a random card never changes the statistics, a planned one does; teams of 2-3; same-day entry; nothing names the observed")
    func cards() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("F", suite: Self.suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("G", suite: Self.suite)
        let manager = TestFixtures.unique("mgr"), tech = TestFixtures.unique("tech"), desk = TestFixtures.unique("desk")
        let other = TestFixtures.unique("mgr")
        let managerUser = try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        let techUser = try await TestFixtures.user(tech, roles: [.technician], officeCodes: [code], database: database)
        let deskUser = try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let otherUser = try await TestFixtures.user(other, roles: [.officeManager], officeCodes: [otherCode], database: database)
        let app = Application(router: try TestApp.router(database: database, clock: TestClock()))
        try await app.test(.router) { client in
            let boss = try await TestApp.login(client, manager), technician = try await TestApp.login(client, tech)
            let frontDesk = try await TestApp.login(client, desk)
            let area = try #require((try await TestApp.send(
                client, boss, .post, "/v1/safety-areas", #"{"officeId":\#(office),"name":"地下车库"}"#).json["id"] as? NSNumber)?.int64Value)
            #expect(try await TestApp.send(client, boss, .post, "/v1/safety-areas", #"{"officeId":\#(office),"name":"地下车库"}"#).status == .conflict)

            // Teams: 2-3 members of the unit, the leader among them.
            func team(_ members: [Int64]) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                try await TestApp.send(
                    client, boss, .post, "/v1/safety-teams",
                    #"{"officeId":\#(office),"name":"组\#(TestFixtures.unique(""))","leaderId":\#(managerUser.id),"memberIds":\#(members)}"#)
            }
            #expect(try await team([]).status == .unprocessableContent)  // the leader alone
            #expect(try await team([techUser.id, deskUser.id, otherUser.id]).status == .unprocessableContent)  // four
            #expect(try await team([otherUser.id]).status == .unprocessableContent)  // another office's manager
            let formed = try await team([techUser.id])
            #expect(formed.status == .created, "\(formed.json)")
            #expect(formed.json["memberIds"] as? [Int64] == [managerUser.id, techUser.id].sorted())
            let teamID = try #require((formed.json["id"] as? NSNumber)?.int64Value)

            let statisticsURI = "/v1/safety-statistics?officeId=\(office)&from=2026-11-16&to=2026-11-22"
            let empty = try await TestApp.send(client, boss, .get, statisticsURI).json
            #expect(empty["plannedCards"] as? Int == 0)
            #expect(Self.line(empty, "protective_equipment").unsafe == 0)

            // A random card (by anyone, no team) is recorded and never counted.
            let random = try await TestApp.send(client, frontDesk, .post, "/v1/stop-cards", Self.card(office: office, kind: "random", area: area))
            #expect(random.status == .created, "\(random.json)")
            #expect(random.json["counted"] as? Bool == false)
            let afterRandom = try await TestApp.send(client, boss, .get, statisticsURI).json
            #expect(afterRandom["randomCards"] as? Int == 1)
            #expect(afterRandom["plannedCards"] as? Int == 0)
            #expect(Self.line(afterRandom, "protective_equipment").unsafe == 0)
            #expect(Self.line(afterRandom, "tools_equipment").safe == 0)

            // A planned card: by a member of its team; it counts.
            #expect(try await TestApp.send(client, boss, .post, "/v1/stop-cards", Self.card(office: office, kind: "planned", area: area)).status
                == .unprocessableContent)  // no team
            #expect(try await TestApp.send(client, frontDesk, .post, "/v1/stop-cards", Self.card(office: office, kind: "planned", team: teamID, area: area))
                .status == .forbidden)  // not a member
            let planned = try await TestApp.send(client, technician, .post, "/v1/stop-cards", Self.card(office: office, kind: "planned", team: teamID, area: area))
            #expect(planned.status == .created, "\(planned.json)")
            #expect(planned.json["counted"] as? Bool == true)
            let afterPlanned = try await TestApp.send(client, boss, .get, statisticsURI).json
            #expect(afterPlanned["plannedCards"] as? Int == 1)
            #expect(Self.line(afterPlanned, "protective_equipment").unsafe == 1)
            #expect(Self.line(afterPlanned, "protective_equipment").safe == 0)
            #expect(Self.line(afterPlanned, "tools_equipment").safe == 1)
            #expect(Self.line(afterPlanned, "ergonomics").safe == 0)

            // Filled the day of the observation: yesterday's is refused.
            let late = try await TestApp.send(
                client, technician, .post, "/v1/stop-cards", Self.card(office: office, kind: "planned", team: teamID, area: area, at: "2026-11-21T18:30:00+08:00"))
            #expect(late.status == .unprocessableContent)

            // Anonymity: a field naming the observed person is refused, nothing written.
            for field in [#","observedPerson":"张三""#, #","observedName":"张三""#, #","observedUserId":7"#] {
                let named = try await TestApp.send(
                    client, technician, .post, "/v1/stop-cards", Self.card(office: office, kind: "planned", team: teamID, area: area, extra: field))
                #expect(named.status == .badRequest, "\(field): \(named.status)")
            }
            let cards = try await TestApp.send(client, boss, .get, "/v1/stop-cards?officeId=\(office)&from=2026-11-22&to=2026-11-22")
            #expect((cards.json["items"] as? [[String: Any]])?.count == 2)
            #expect(try await TestFixtures.auditCount(action: "stop_card.create", suite: Self.suite) == 2)
            // Another office sees none of it.
            let otherBoss = try await TestApp.login(client, other)
            #expect(try await TestApp.send(client, otherBoss, .get, statisticsURI).status == .unprocessableContent)
            _ = otherOffice
        }
    }

    @Test("SAF-3/SAF-5: no property of the safety contract and no column of the bi view can hold an observed person")
    func nothingNamesTheObserved() async throws {
        let text = try String(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        // The properties of every StopCard*/Safety* schema.
        var properties: Set<String> = []
        var inSafetySchema = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let name = line.trimmingCharacters(in: .whitespaces)
                inSafetySchema = name.hasPrefix("StopCard") || name.hasPrefix("Safety")
            } else if inSafetySchema, line.hasPrefix("        "), !line.hasPrefix("         "), line.hasSuffix(":") {
                properties.insert(line.trimmingCharacters(in: .whitespaces).dropLast().description)
            }
        }
        #expect(properties.contains("observerId"))
        #expect(properties.contains("observations"))
        let personLike = properties.filter { name in
            let lower = name.lowercased()
            return (lower.contains("observed") && lower != "observedat") || lower.contains("person") || lower.contains("employee")
                || lower.contains("worker") || lower.contains("discipline") || lower.contains("penalty")
        }
        #expect(personLike.isEmpty, "\(personLike)")

        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        let columns: [String] = try await admin.withConnection { connection in
            try await connection.query("""
                SELECT table_name || '.' || column_name AS name FROM information_schema.columns
                WHERE (table_schema = 'bi' AND table_name LIKE 'safety%')
                   OR (table_schema = 'liaison' AND (table_name LIKE 'stop_card%' OR table_name LIKE 'safety%'))
                """).map { try $0.decode("name") }
        }
        await admin.shutdown()
        #expect(columns.contains("safety_observations.unsafe_acts"))
        let personColumns = columns.filter {
            let column = $0.split(separator: ".").last.map(String.init) ?? ""
            return (column.hasPrefix("observed") && column != "observed_at") || column.contains("person") || column.contains("employee")
                || column.contains("discipline")
        }
        #expect(personColumns.isEmpty, "\(personColumns)")
    }
}
