import Persistence
import TestSupport
import Testing
import Foundation

/// libpq's sslmode works through DATABASE_URL, verify-full included (ARCHITECTURE: "sslmode must work").
/// scripts/test serves TLS on 127.0.0.1 with a self-signed certificate and exports LIAISON_TEST_TLS_URL.
@Suite("TLS to the database through sslmode")
struct TLSConnectionTests {
    static var tlsURL: String {
        get throws {
            try #require(ProcessInfo.processInfo.environment["LIAISON_TEST_TLS_URL"], "run the tests with scripts/test")
        }
    }

    @Test("sslmode=verify-full with the server's CA connects, and the session is encrypted")
    func verifyFull() async throws {
        let database = Database(configuration: DatabaseConfiguration(connectionString: try Self.tlsURL, role: nil, maxConnections: 1))
        let encrypted: Bool = try await database.withConnection { connection in
            try await connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").single().decode("ssl")
        }
        #expect(encrypted)
        await database.shutdown()
    }

    @Test("verify-full refuses a server whose certificate does not match the host name")
    func verifyFullChecksTheHostName() async throws {
        // Same server (hostaddr), but verified against a name the certificate does not hold.
        let url = try Self.tlsURL.replacingOccurrences(of: "@localhost:", with: "@db.example.invalid:") + "&hostaddr=127.0.0.1"
        let database = Database(configuration: DatabaseConfiguration(connectionString: url, role: nil, maxConnections: 1))
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withConnection { _ in }
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("does not match host name") == true)
        await database.shutdown()
    }

    @Test("sslmode=disable over TCP connects without encryption")
    func disable() async throws {
        let url = try Self.tlsURL.replacingOccurrences(of: "sslmode=verify-full", with: "sslmode=disable")
        let database = Database(configuration: DatabaseConfiguration(connectionString: url, role: nil, maxConnections: 1))
        let encrypted: Bool = try await database.withConnection { connection in
            try await connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").single().decode("ssl")
        }
        #expect(!encrypted)
        await database.shutdown()
    }
}
