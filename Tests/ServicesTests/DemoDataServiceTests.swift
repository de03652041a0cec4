import Domain
import Persistence
import Services
import TestSupport
import Testing

@Suite("Demo data (liaison seed-demo)")
struct DemoDataServiceTests {
    @Test("seeding creates 3 offices, 6 estates, 72 units, one user per role and office 1's responsibilities; a second run changes nothing")
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
                       (SELECT count(*) FROM liaison.staff_user) AS users
                """).single()
            return try ["offices", "estates", "units", "responsibilities", "users"].map { try row.decode($0, as: Int.self) }
        }
        #expect(counts == [3, 6, 72, 9, 15])

        #expect(try await service.seed(password: "demo password 1") == .alreadyPresent)
        let auth = AuthService(database: database, hasher: TestFixtures.hasher)
        let login = try await auth.login(username: "demo-desk", password: "demo password 1", clientAddress: "127.0.0.1", requestID: nil)
        #expect(login.user.roles == [.frontDesk])
        #expect(login.user.officeIDs.count == 1)
        await database.shutdown()
        await admin.shutdown()
    }
}
