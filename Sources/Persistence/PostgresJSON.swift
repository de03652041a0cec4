import Foundation

/// A Codable value stored as `jsonb` (and readable from `json` too).
///
/// Wrap the value at the call site: `\(PostgresJSON(settings))` binds it,
/// `row.decode("settings", as: PostgresJSON<Settings>.self).value` reads it.
public struct PostgresJSON<Value: Codable & Sendable>: Sendable, PostgresEncodable, PostgresDecodable {
    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public static var postgresType: PostgresType { .jsonb }

    public var postgresText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding a Codable value we built ourselves cannot fail except for
        // non-finite floats; "null" then lets a NOT NULL or CHECK refuse it.
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(postgresText text: String?, type: PostgresType, column: String) throws -> PostgresJSON {
        guard let text else {
            throw PersistenceError(kind: .decoding, message: "column \"\(column)\" is NULL, but the JSON value is not optional", column: column)
        }
        guard type == .jsonb || type == .json else {
            throw PersistenceError(kind: .decoding, message: "column \"\(column)\" has type \(type), not json or jsonb", column: column)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return PostgresJSON(try decoder.decode(Value.self, from: Data(text.utf8)))
        } catch {
            throw PersistenceError(
                kind: .decoding, message: "column \"\(column)\" does not decode as \(Value.self): \(error)", column: column)
        }
    }
}
