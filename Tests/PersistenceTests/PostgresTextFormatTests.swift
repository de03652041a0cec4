import Foundation
import Testing
@testable import Persistence

@Suite("Text formats of timestamptz and arrays, without a database")
struct PostgresTextFormatTests {
    @Test("timestamptz text parses with fractions and offsets")
    func parsesTimestamps() throws {
        let base = 1_795_348_800.0  // 2026-11-22 12:00:00 UTC
        #expect(PostgresTimestamp.parse("2026-11-22 12:00:00+00")?.timeIntervalSince1970 == base)
        #expect(PostgresTimestamp.parse("2026-11-22 20:00:00+08")?.timeIntervalSince1970 == base)
        #expect(PostgresTimestamp.parse("2026-11-22 06:30:00-05:30")?.timeIntervalSince1970 == base)
        let fractional = try #require(PostgresTimestamp.parse("2026-11-22 12:00:00.000123+00"))
        #expect(abs(fractional.timeIntervalSince1970 - (base + 0.000123)) < 1e-7)
        for bad in ["infinity", "2026-11-22", "2026-11-22 12:00:00", "2026-02-30 12:00:00+00", "2026-11-22 12:00:00.+00"] {
            #expect(PostgresTimestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("formatting keeps microseconds, including before 1970")
    func formatsTimestamps() {
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 1_795_348_800.000123)) == "2026-11-22T12:00:00.000123Z")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
    }

    @Test("array literals: quoting, escapes, NULL, empty")
    func arrays() {
        #expect(PostgresArrayLiteral.format(["a b", "say \"hi\"", "back\\slash", "NULL", ""])
            == #"{"a b","say \"hi\"","back\\slash","NULL",""}"#)
        #expect(PostgresArrayLiteral.parse("{}")! == [])
        #expect(PostgresArrayLiteral.parse("{1,2,3}")! == ["1", "2", "3"])
        #expect(PostgresArrayLiteral.parse(#"{"a b","say \"hi\"",NULL,"NULL",物业}"#)! == ["a b", "say \"hi\"", nil, "NULL", "物业"])
        #expect(PostgresArrayLiteral.parse("{{1,2},{3,4}}") == nil)
        #expect(PostgresArrayLiteral.parse("{1,2,}") == nil)
        #expect(PostgresArrayLiteral.parse("1,2") == nil)
        // A quote or backslash followed by a combining mark is one Character but must still be escaped.
        let tricky = "a\"\u{301}b\\\u{301}c"
        #expect(PostgresArrayLiteral.parse(PostgresArrayLiteral.format([tricky]))! == [tricky])
        #expect(SQLIdentifier("x\"\u{301}y").quoted == "\"x\"\"\u{301}y\"")
    }
}

@Suite("SQLQuery binds values and never splices them")
struct SQLQueryTests {
    @Test("interpolated values become numbered parameters")
    func bindsValues() {
        let name = "'; DROP TABLE x; --"
        let limit = 5
        let query: SQLQuery = "SELECT * FROM t WHERE name = \(name) AND n < \(limit)"
        #expect(query.sql == "SELECT * FROM t WHERE name = $1 AND n < $2")
        #expect(query.bindings.map(\.text) == [name, "5"])
        #expect(query.bindings.map(\.type) == [.unspecified, .int8])
    }

    @Test("nil binds NULL; identifiers are quoted; appended queries renumber")
    func composes() {
        let missing: Int? = nil
        var query: SQLQuery = "SELECT \(missing) FROM \(SQLIdentifier("we\"ird"))"
        query.append(" WHERE a = \("x")")
        let joined = SQLQuery.joined(["a = \(1)", "b = \(2)"], separator: " AND ")
        query.append(" AND \(joined)")
        #expect(query.sql == #"SELECT $1 FROM "we""ird" WHERE a = $2 AND a = $3 AND b = $4"#)
        #expect(query.bindings.map(\.text) == [nil, "x", "1", "2"])
    }
}
