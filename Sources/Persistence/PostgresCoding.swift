/// A Swift value that can be bound as a statement parameter.
///
/// Values travel in PostgreSQL's text format, always as parameters: they are
/// never spliced into SQL text.
public protocol PostgresEncodable: Sendable {
    /// The parameter type sent with the statement (`.unspecified` lets the server infer it).
    static var postgresType: PostgresType { get }
    /// The value in PostgreSQL's text input format.
    var postgresText: String { get }
}

/// A Swift value that can be read from a result column.
public protocol PostgresDecodable {
    /// Decodes one cell. `text` is nil for SQL NULL; `column` names the column for errors.
    static func decode(postgresText text: String?, type: PostgresType, column: String) throws -> Self
}

/// The common case: a non-null value parsed from its text form.
public protocol PostgresTextDecodable: PostgresDecodable {
    /// Whether a column of this type may be decoded into `Self`.
    static func accepts(_ type: PostgresType) -> Bool
    /// Parses the text form; nil when it is malformed.
    init?(postgresText: String)
}

extension PostgresTextDecodable {
    public static func decode(postgresText text: String?, type: PostgresType, column: String) throws -> Self {
        guard let text else {
            throw PersistenceError(
                kind: .decoding, message: "column \"\(column)\" is NULL, but \(Self.self) is not optional",
                column: column)
        }
        guard accepts(type) else {
            throw PersistenceError(
                kind: .decoding, message: "column \"\(column)\" has type \(type), which cannot be decoded as \(Self.self)",
                column: column)
        }
        guard let value = Self(postgresText: text) else {
            throw PersistenceError(
                kind: .decoding, message: "column \"\(column)\" holds a value that is not a valid \(Self.self)",
                column: column)
        }
        return value
    }
}

/// NULL decodes to nil; anything else decodes as the wrapped type.
extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String?, type: PostgresType, column: String) throws -> Wrapped? {
        guard text != nil else { return nil }
        return try Wrapped.decode(postgresText: text, type: type, column: column)
    }
}

/// One bound parameter: its type and its text, nil for NULL.
public struct PostgresBinding: Sendable, Hashable {
    public var type: PostgresType
    public var text: String?

    public init(type: PostgresType, text: String?) {
        self.type = type
        self.text = text
    }

    public init<Value: PostgresEncodable>(_ value: Value?) {
        self.init(type: Value.postgresType, text: value?.postgresText)
    }
}
