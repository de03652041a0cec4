import Domain
import Foundation
import Persistence
import TestSupport
import Testing

/// Values stored in a real table and read back (the issue's type round-trips).
@Suite("Encoding and decoding every supported type against PostgreSQL")
struct PostgresCodingTests {
    struct Settings: Codable, Equatable, Sendable {
        var name: String
        var targets: [String: Double]
        var enabled: Bool
    }

    /// A table with one column per supported type, created as the superuser in the suite's database.
    static func database() async throws -> Database {
        let url = try await TestDatabase.forSuite("coding", setup: """
            CREATE TABLE public.every_type (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                flag boolean, small integer, big bigint, ratio double precision, amount numeric(14, 2),
                label text, at timestamptz, day date, ref uuid, blob bytea, doc jsonb,
                ids bigint[], tags text[]);
            """)
        return TestDatabase.adminDatabase(url: url, maxConnections: 4)
    }

    @Test("every type round-trips through a table, including Chinese text and SQL-looking strings")
    func roundTrip() async throws {
        let database = try await Self.database()
        let at = Date(timeIntervalSince1970: 1_795_356_123.456789)
        let day = try #require(LocalDate(year: 2026, month: 11, day: 22))
        let ref = UUID()
        let blob = Data([0, 1, 2, 0x7f, 0x80, 0xfe, 0xff])
        let doc = Settings(name: "品质管理部", targets: ["satisfaction": 0.98], enabled: true)
        let label = "管理处 '; DROP TABLE every_type; -- \"quoted\" \\ back 😀"
        let amount = try #require(Decimal(string: "12345678901.23"))

        let row = try await database.withTransaction { tx in
            try await tx.query("""
                INSERT INTO public.every_type (flag, small, big, ratio, amount, label, at, day, ref, blob, doc, ids, tags)
                VALUES (\(true), \(Int32(-42)), \(Int64.max), \(0.1 + 0.2), \(amount), \(label), \(at), \(day), \(ref),
                        \(blob), \(PostgresJSON(doc)), \([Int64(1), -2, Int64.min]), \(["a,b", "{c}", "NULL", "业主 \"x\""]))
                RETURNING *
                """).single()
        }

        #expect(try row.decode("flag") == true)
        #expect(try row.decode("small") == Int32(-42))
        #expect(try row.decode("big") == Int64.max)
        #expect(try row.decode("ratio") == 0.1 + 0.2)
        #expect(try row.decode("amount") == amount)
        #expect(try row.decode("label") == label)
        #expect(try row.decode("at", as: Date.self).timeIntervalSince1970 == at.timeIntervalSince1970)
        #expect(try row.decode("day") == day)
        #expect(try row.decode("ref") == ref)
        #expect(try row.decode("blob") == blob)
        #expect(try row.decode("doc", as: PostgresJSON<Settings>.self).value == doc)
        #expect(try row.decode("ids") == [Int64(1), -2, Int64.min])
        #expect(try row.decode("tags") == ["a,b", "{c}", "NULL", "业主 \"x\""])

        // The SQL-looking string was data: the table is still there and holds it.
        let count = try await database.withConnection { connection in
            try await connection.query("SELECT count(*) AS n FROM public.every_type WHERE label = \(label)").single()
                .decode("n", as: Int.self)
        }
        #expect(count >= 1)
    }

    @Test("NULL in every column decodes as nil into optionals")
    func nulls() async throws {
        let database = try await Self.database()
        let none: String? = nil
        let row = try await database.withTransaction { tx in
            try await tx.query("INSERT INTO public.every_type (label) VALUES (\(none)) RETURNING *").single()
        }
        #expect(try row.decode("flag", as: Bool?.self) == nil)
        #expect(try row.decode("small", as: Int32?.self) == nil)
        #expect(try row.decode("big", as: Int64?.self) == nil)
        #expect(try row.decode("ratio", as: Double?.self) == nil)
        #expect(try row.decode("amount", as: Decimal?.self) == nil)
        #expect(try row.decode("label", as: String?.self) == nil)
        #expect(try row.decode("at", as: Date?.self) == nil)
        #expect(try row.decode("day", as: LocalDate?.self) == nil)
        #expect(try row.decode("ref", as: UUID?.self) == nil)
        #expect(try row.decode("blob", as: Data?.self) == nil)
        #expect(try row.decode("doc", as: PostgresJSON<Settings>?.self) == nil)
        #expect(try row.decode("ids", as: [Int64]?.self) == nil)
        #expect(try row.decode("tags", as: [String]?.self) == nil)
        #expect(try row.isNull("label"))
    }

    @Test("special values: empty strings and arrays, NaN and infinities, exact decimals, dates before 1970")
    func edgeValues() async throws {
        let database = try await Self.database()
        let row = try await database.withConnection { connection in
            try await connection.query("""
                SELECT \("") AS empty, \([String]()) AS no_tags, \(Double.infinity) AS inf, \(-Double.infinity) AS ninf,
                       \(Double.nan) AS nan, \(Decimal(string: "0.1")!) + \(Decimal(string: "0.2")!) AS exact,
                       \(Date(timeIntervalSince1970: -86_400.25)) AS old, \(Int.min) AS min_int
                """).single()
        }
        #expect(try row.decode("empty") == "")
        #expect(try row.decode("no_tags") == [String]())
        #expect(try row.decode("inf") == Double.infinity)
        #expect(try row.decode("ninf") == -Double.infinity)
        #expect(try row.decode("nan", as: Double.self).isNaN)
        #expect(try row.decode("exact") == Decimal(string: "0.3")!)
        #expect(try row.decode("old", as: Date.self).timeIntervalSince1970 == -86_400.25)
        #expect(try row.decode("min_int") == Int.min)
    }

    @Test("decoding a wrong type or NULL into a non-optional is a typed error naming the column")
    func decodingErrors() async throws {
        let database = try await Self.database()
        let row = try await database.withConnection { connection in
            try await connection.query("SELECT 1::bigint AS number, NULL::text AS nothing, 'x'::text AS word").single()
        }
        let wrongType = #expect(throws: PersistenceError.self) { try row.decode("number", as: String.self) }
        #expect(wrongType?.kind == .decoding)
        #expect(wrongType?.column == "number")
        let null = #expect(throws: PersistenceError.self) { try row.decode("nothing", as: String.self) }
        #expect(null?.kind == .decoding)
        #expect(null?.column == "nothing")
        let malformed = #expect(throws: PersistenceError.self) { try row.decode("word", as: Date.self) }
        #expect(malformed?.column == "word")
        let missing = #expect(throws: PersistenceError.self) { try row.decode("absent", as: String.self) }
        #expect(missing?.kind == .missingColumn)
    }
}
