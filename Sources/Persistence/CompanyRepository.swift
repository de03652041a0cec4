import Domain
import Foundation

/// The company row (`liaison.company`) and its calendar exceptions (`liaison.calendar_day`).
public enum CompanyRepository {
    public static func company(forUpdate: Bool = false, in tx: Transaction) async throws -> Company {
        let row = try await tx.query("""
            SELECT name, time_zone, version FROM liaison.company WHERE id = 1 \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).single()
        return Company(name: try row.decode("name"), timeZone: try row.decode("time_zone"), version: try row.decode("version"))
    }

    public static func update(name: String, timeZone: String, at now: Date, in tx: Transaction) async throws -> Company {
        let row = try await tx.query("""
            UPDATE liaison.company SET name = \(name), time_zone = \(timeZone), version = version + 1, updated_at = \(now)
            WHERE id = 1 RETURNING name, time_zone, version
            """).single()
        return Company(name: try row.decode("name"), timeZone: try row.decode("time_zone"), version: try row.decode("version"))
    }

    /// Whether PostgreSQL knows the zone (it computes the periods, so its list is the one that counts).
    public static func isKnownTimeZone(_ name: String, in tx: Transaction) async throws -> Bool {
        try await tx.query("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = \(name)) AS known").single().decode("known")
    }

    /// Exceptions from `from` to `to`, both inclusive, in date order.
    public static func calendarExceptions(from: LocalDate, to: LocalDate, in tx: Transaction) async throws -> [WorkingCalendar.Exception] {
        try await tx.query("""
            SELECT day, kind, name FROM liaison.calendar_day WHERE day BETWEEN \(from) AND \(to) ORDER BY day
            """).map(decodeException)
    }

    public static func calendarException(on day: LocalDate, in tx: Transaction) async throws -> WorkingCalendar.Exception? {
        try await tx.query("SELECT day, kind, name FROM liaison.calendar_day WHERE day = \(day)").first.map(decodeException)
    }

    public static func setCalendarException(_ exception: WorkingCalendar.Exception, in tx: Transaction) async throws {
        try await tx.execute("""
            INSERT INTO liaison.calendar_day (day, kind, name) VALUES (\(exception.day), \(exception.kind.rawValue), \(exception.name))
            ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name
            """)
    }

    /// Removes the exception of a day; false if there was none.
    public static func deleteCalendarException(on day: LocalDate, in tx: Transaction) async throws -> Bool {
        try await tx.execute("DELETE FROM liaison.calendar_day WHERE day = \(day)") == 1
    }

    static func decodeException(_ row: PostgresRow) throws -> WorkingCalendar.Exception {
        let kindText: String = try row.decode("kind")
        guard let kind = WorkingCalendar.Exception.Kind(rawValue: kindText) else {
            throw PersistenceError(kind: .decoding, message: "unknown calendar kind \(kindText)", column: "kind")
        }
        return .init(day: try row.decode("day"), kind: kind, name: try row.decode("name"))
    }
}
