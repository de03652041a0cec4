import Foundation
import Persistence
import TestSupport
import Testing

/// The bi schema as BI tools see it (BI-1..3): readable by liaison_bi, every office through row-level
/// security, nothing else of the database; every view and column documented.
@Suite("The bi schema: the BI role's contract")
struct BISchemaTests {
    static let suite = "bi_schema"

    /// Two offices, each with a ticket whose dispatch clock was breached, written as the superuser.
    static func seed() async throws -> String {
        try await TestDatabase.forSuite(suite, setup: """
            INSERT INTO liaison.office (code, name) VALUES ('BIA', 'A'), ('BIB', 'B');
            INSERT INTO liaison.staff_user (username, display_name, password_hash) VALUES ('bi-desk', 'Desk', 'x');
            INSERT INTO liaison.ticket (office_id, number, state, source, category, urgency, service_mode, contact_name, content,
                                        received_at, recorded_at, receiver_id)
                SELECT o.id, o.code || '-1', 'recorded', 'owner_call', 'engineering', 'normal', 'immediate', '张三', '漏水',
                       now() - interval '10 minutes', now() - interval '10 minutes', u.id
                FROM liaison.office o, liaison.staff_user u WHERE o.code IN ('BIA', 'BIB') AND u.username = 'bi-desk';
            INSERT INTO liaison.ticket_clock (office_id, ticket_id, kind, policy_version, started_at, due_at, warn_at, outcome)
                SELECT office_id, id, 'dispatch', 0, now() - interval '10 minutes', now() - interval '8 minutes',
                       now() - interval '9 minutes', 'breached'
                FROM liaison.ticket;
            """)
    }

    static func relations(_ database: Database, schemas: [String], kinds: [String]) async throws -> [String] {
        try await database.withTransaction { tx in
            try await tx.query("""
                SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY (\(schemas)::text[]) AND c.relkind = ANY (\(kinds)::"char"[]) ORDER BY 1
                """).map { try $0.decode("name") }
        }
    }

    @Test("BI-2: liaison_bi reads every bi view and is refused on every liaison and audit table (from the catalog)")
    func biRoleReadsOnlyBI() async throws {
        let url = try await Self.seed()
        let admin = TestDatabase.adminDatabase(url: url, maxConnections: 1)
        let views = try await Self.relations(admin, schemas: ["bi"], kinds: ["v", "m"])
        let tables = try await Self.relations(admin, schemas: ["liaison", "audit"], kinds: ["r", "v", "m"])
        await admin.shutdown()
        #expect(views.contains("bi.sla_breaches"))
        #expect(tables.count > 30)
        let bi = Database(configuration: DatabaseConfiguration(connectionString: url, role: "liaison_bi", maxConnections: 1))
        for view in views {
            _ = try await bi.withTransaction { tx in try await tx.query("SELECT * FROM \(unescaped: view) LIMIT 1") }
        }
        for table in tables {
            let error = await #expect(throws: PersistenceError.self, "\(table)") {
                try await bi.withTransaction { tx in try await tx.query("SELECT 1 FROM \(unescaped: table) LIMIT 1") }
            }
            #expect(error?.kind == .insufficientPrivilege, "\(table)")
        }
        await bi.shutdown()
    }

    @Test("BI-1: the BI role sees every office's breaches through the views; the application role without a scope sees none")
    func biSeesEveryOffice() async throws {
        let url = try await Self.seed()
        let count: @Sendable (Database) async throws -> Int = { database in
            try await database.withTransaction { tx in
                try await tx.query("SELECT count(*) AS n FROM bi.sla_breaches WHERE office_code IN ('BIA', 'BIB')").single().decode("n")
            }
        }
        let bi = Database(configuration: DatabaseConfiguration(connectionString: url, role: "liaison_bi", maxConnections: 1))
        #expect(try await count(bi) == 2)
        await bi.shutdown()
        let app = Database(configuration: DatabaseConfiguration(connectionString: url, role: "liaison_app", maxConnections: 1))
        #expect(try await count(app) == 0)
        await app.shutdown()
    }

    @Test("BI-1: every bi view and every one of its columns has a COMMENT")
    func everythingDocumented() async throws {
        let url = try await Self.seed()
        let admin = TestDatabase.adminDatabase(url: url, maxConnections: 1)
        let undocumented: [String] = try await admin.withTransaction { tx in
            try await tx.query("""
                SELECT c.relname || coalesce('.' || a.attname, '') AS name
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'bi'
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.relkind IN ('v', 'm')
                  AND (obj_description(c.oid, 'pg_class') IS NULL OR (a.attname IS NOT NULL AND col_description(c.oid, a.attnum) IS NULL))
                ORDER BY 1
                """).map { try $0.decode("name") }
        }
        await admin.shutdown()
        #expect(undocumented == [])
    }

    @Test("BI-2: a login from `liaison bi-grant` reads the bi views and nothing else; a second grant resets it; a privileged role is refused")
    func biGrantLogin() async throws {
        let url = try await Self.seed()
        let login = "bi_tool_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let admin = TestDatabase.adminDatabase(url: url, maxConnections: 1)
        #expect(try await admin.withTransaction { tx in try await BILoginRepository.grant(login: login, password: "s3cret-1", in: tx) })
        #expect(try await admin.withTransaction { tx in try await BILoginRepository.grant(login: login, password: "s3cret-2", in: tx) } == false)
        let privileged = await #expect(throws: PersistenceError.self) {
            try await admin.withTransaction { tx in try await BILoginRepository.grant(login: "postgres", password: "x", in: tx) }
        }
        #expect(privileged?.kind == .invalidValue)
        #expect(!BILoginRepository.isValidName("Metabase") && !BILoginRepository.isValidName("bi-tool") && BILoginRepository.isValidName("metabase_2"))
        await admin.shutdown()

        // The test cluster trusts local connections, so the login connects without its password.
        let tool = Database(configuration: DatabaseConfiguration(
            connectionString: url.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://\(login)@"), role: nil, maxConnections: 1))
        let breaches: Int = try await tool.withTransaction { tx in
            try await tx.query("SELECT count(*) AS n FROM bi.sla_breaches WHERE office_code IN ('BIA', 'BIB')").single().decode("n")
        }
        #expect(breaches == 2)
        let refused = await #expect(throws: PersistenceError.self) {
            try await tool.withTransaction { tx in try await tx.query("SELECT 1 FROM liaison.staff_user LIMIT 1") }
        }
        #expect(refused?.kind == .insufficientPrivilege)
        await tool.shutdown()
    }
}
