import Persistence
import TestSupport
import Testing

/// The session settings every connection starts with (`PostgresConnection.connect`).
@Suite("Session setup: the settings each connection starts with")
struct SessionSetupTests {
    @Test("text formats are fixed (UTC, ISO dates), the application is named, and JIT is off (issue 7: it cost a generic-plan list 15-300 ms)")
    func settings() async throws {
        let url = try await TestDatabase.forSuite("session_setup", setup: "SELECT 1;")
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: url, role: nil, maxConnections: 1, applicationName: "liaison-session-setup"))
        let settings = try await database.withConnection { connection in
            try await connection.query("""
                SELECT current_setting('TimeZone') AS zone, current_setting('DateStyle') AS dates,
                       current_setting('jit') AS jit, current_setting('application_name') AS application
                """).single()
        }
        #expect(try settings.decode("zone", as: String.self) == "UTC")
        #expect(try settings.decode("dates", as: String.self) == "ISO, YMD")
        #expect(try settings.decode("jit", as: String.self) == "off")
        #expect(try settings.decode("application", as: String.self) == "liaison-session-setup")
        await database.shutdown()
    }
}
