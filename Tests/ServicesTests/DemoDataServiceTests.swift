import Domain
import Persistence
import Services
import TestSupport
import Testing

@Suite("Demo data (liaison seed-demo)")
struct DemoDataServiceTests {
    @Test("ORG-1..7: seeding creates 3 offices, 6 estates of 2 developers, 72 units, 36 owners (6 key customers), 3 committees, one user per role and office 1's responsibilities; a second run changes nothing")
    func seedsOnce() async throws {
        let url = try await TestDatabase.cloneTemplate(label: "demo_data")
        let database = Database(configuration: DatabaseConfiguration(connectionString: url, role: "liaison_app", maxConnections: 2))
        let service = DemoDataService(database: database, hasher: TestFixtures.hasher)
        let outcome = try await service.seed(password: "demo password 1")
        guard case .created(let usernames, _) = outcome else { Issue.record("expected created, got \(outcome)"); return }
        #expect(Set(usernames) == Set(DemoDataService.users.map(\.username)))
        #expect(DemoDataService.users.map(\.role).sorted { $0.rawValue < $1.rawValue } == Role.allCases.sorted { $0.rawValue < $1.rawValue })

        let admin = TestDatabase.adminDatabase(url: url)
        let counts: [Int] = try await admin.withConnection { connection in
            let row = try await connection.query("""
                SELECT (SELECT count(*) FROM liaison.office) AS offices, (SELECT count(*) FROM liaison.estate) AS estates,
                       (SELECT count(*) FROM liaison.unit) AS units, (SELECT count(*) FROM liaison.responsibility) AS responsibilities,
                       (SELECT count(*) FROM liaison.staff_user) AS users,
                       (SELECT count(*) FROM liaison.developer) AS developers,
                       (SELECT count(*) FROM liaison.estate WHERE developer_id IS NULL) AS estates_without_developer,
                       (SELECT count(*) FROM liaison.owner) AS owners,
                       (SELECT count(*) FROM liaison.owner WHERE key_customer) AS key_customers,
                       (SELECT count(DISTINCT owner_id) FROM liaison.unit_occupant) AS linked_owners,
                       (SELECT count(*) FROM liaison.owners_committee) AS committees,
                       (SELECT count(*) FROM liaison.committee_member WHERE role = 'chair') AS chairs
                """).single()
            return try [
                "offices", "estates", "units", "responsibilities", "users", "developers", "estates_without_developer", "owners",
                "key_customers", "linked_owners", "committees", "chairs",
            ].map { try row.decode($0, as: Int.self) }
        }
        #expect(counts == [3, 6, 72, 9, 15, 2, 0, 36, 6, 36, 3, 3])

        #expect(try await service.seed(password: "demo password 1") == .alreadyPresent)
        let auth = AuthService(database: database, hasher: TestFixtures.hasher)
        let login = try await auth.login(username: "demo-desk", password: "demo password 1", clientAddress: "127.0.0.1", requestID: nil)
        #expect(login.user.roles == [.frontDesk])
        #expect(login.user.officeIDs.count == 1)
        await database.shutdown()
        await admin.shutdown()
    }
}
