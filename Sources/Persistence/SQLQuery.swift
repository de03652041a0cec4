import Foundation

/// A SQL statement whose values can only be bound, never spliced.
///
/// Interpolating a value appends a `$n` placeholder and a parameter:
///
///     let query: SQLQuery = "SELECT id FROM liaison.office WHERE code = \(code)"
///
/// Text that must become part of the statement itself goes through the
/// loudly named escape hatches: `\(unescaped: "ORDER BY created_at")` for
/// trusted constant text and `\(SQLIdentifier("name"))` for quoted identifiers.
public struct SQLQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Fragment: Sendable {
        case text(String)
        case parameter(Int)  // 0-based index into bindings
    }

    private(set) var fragments: [Fragment]
    public private(set) var bindings: [PostgresBinding]

    /// A statement made of trusted text only.
    public init(unescaped sql: String) {
        fragments = [.text(sql)]
        bindings = []
    }

    public init(stringLiteral value: String) {
        self.init(unescaped: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        fragments = stringInterpolation.fragments
        bindings = stringInterpolation.bindings
    }

    /// The statement text with `$1`, `$2`, … placeholders. Values never appear in it.
    public var sql: String {
        var text = ""
        for fragment in fragments {
            switch fragment {
            case .text(let part): text += part
            case .parameter(let index): text += "$\(index + 1)"
            }
        }
        return text
    }

    /// The SQL text, safe to log: it holds no values.
    public var description: String { sql }

    /// Appends another query, renumbering its parameters after this one's.
    public mutating func append(_ other: SQLQuery) {
        let offset = bindings.count
        for fragment in other.fragments {
            switch fragment {
            case .text: fragments.append(fragment)
            case .parameter(let index): fragments.append(.parameter(index + offset))
            }
        }
        bindings += other.bindings
    }

    /// Joins queries with a separator, e.g. `AND`-ing optional filters.
    public static func joined(_ parts: [SQLQuery], separator: String) -> SQLQuery {
        var result = SQLQuery(unescaped: "")
        for (offset, part) in parts.enumerated() {
            if offset > 0 { result.append(SQLQuery(unescaped: separator)) }
            result.append(part)
        }
        return result
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        fileprivate(set) var fragments: [Fragment] = []
        fileprivate(set) var bindings: [PostgresBinding] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            fragments.reserveCapacity(interpolationCount * 2 + 1)
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            fragments.append(.text(literal))
        }

        /// Binds a value as the next parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            fragments.append(.parameter(bindings.count))
            bindings.append(PostgresBinding(value))
        }

        /// Binds a value, or NULL when it is nil.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            fragments.append(.parameter(bindings.count))
            bindings.append(PostgresBinding(value))
        }

        /// Quotes an identifier (table, column, role).
        public mutating func appendInterpolation(_ identifier: SQLIdentifier) {
            fragments.append(.text(identifier.quoted))
        }

        /// Embeds another query, keeping its parameters bound.
        public mutating func appendInterpolation(_ query: SQLQuery) {
            let offset = bindings.count
            for fragment in query.fragments {
                switch fragment {
                case .text: fragments.append(fragment)
                case .parameter(let index): fragments.append(.parameter(index + offset))
                }
            }
            bindings += query.bindings
        }

        /// Trusted text that becomes part of the statement. Never pass input here.
        public mutating func appendInterpolation(unescaped text: String) {
            fragments.append(.text(text))
        }
    }
}

/// An SQL identifier, double-quoted with embedded quotes doubled.
public struct SQLIdentifier: Sendable, Hashable {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var quoted: String {
        var quoted = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if scalar == "\"" { quoted.append(scalar) }  // by scalar, so a combining mark cannot hide a quote
            quoted.append(scalar)
        }
        return "\"" + String(quoted) + "\""
    }
}

/// A database setting applied to one transaction, such as the actor's offices for row-level security.
public struct TransactionSetting: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
