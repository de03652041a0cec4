import Domain
import Persistence
import TestSupport
import Testing

@Suite("The seeded organization data matches Domain (ORG-1, ORG-5)")
struct SeedDataTests {
    @Test("ORG-5: liaison.role holds exactly Domain's roles, with the same HQ flag")
    func rolesMatch() async throws {
        let database = try await TestDatabase.appDatabase(suite: "seed_data")
        let rows: [(String, Bool)] = try await database.withTransaction { tx in
            try await tx.query("SELECT code, hq FROM liaison.role ORDER BY code").map { (try $0.decode("code"), try $0.decode("hq")) }
        }
        #expect(rows.map(\.0) == Role.allCases.map(\.rawValue).sorted())
        for (code, hq) in rows {
            #expect(Role(rawValue: code)?.actsAcrossOffices == hq, "\(code)")
        }
    }

    @Test("ORG-1: the HQ departments are seeded with the seeds' list")
    func departmentsSeeded() async throws {
        let database = try await TestDatabase.appDatabase(suite: "seed_data")
        let codes: [String] = try await database.withTransaction { tx in
            try await tx.query("SELECT code FROM liaison.department ORDER BY id").map { try $0.decode("code") }
        }
        #expect(codes == ["QUALITY", "ADMIN", "FINANCE", "ENGINEERING", "SECURITY", "BUSINESS", "CONSULTING", "QHSE"])
    }
}
