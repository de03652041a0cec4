/// A type whose arrays map to a one-dimensional PostgreSQL array.
public protocol PostgresArrayElement: PostgresEncodable, PostgresTextDecodable {
    /// The array type, e.g. `int8[]` for `Int64`.
    static var arrayType: PostgresType { get }
}

extension Int: PostgresArrayElement {
    public static var arrayType: PostgresType { .int8Array }
}

extension Int64: PostgresArrayElement {
    public static var arrayType: PostgresType { .int8Array }
}

extension String: PostgresArrayElement {
    public static var arrayType: PostgresType { .textArray }
}

/// `bigint[]`, `text[]`: one-dimensional arrays without NULL elements.
extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: PostgresType { Element.arrayType }
    public var postgresText: String { PostgresArrayLiteral.format(map(\.postgresText)) }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {}

extension Array: PostgresTextDecodable where Element: PostgresArrayElement {
    public static func accepts(_ type: PostgresType) -> Bool {
        switch Element.arrayType {
        case .int8Array: [.int8Array, .int4Array, .int2Array].contains(type)
        case .textArray: [.textArray, .varcharArray].contains(type)
        default: type == Element.arrayType
        }
    }

    public init?(postgresText: String) {
        guard let items = PostgresArrayLiteral.parse(postgresText) else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(items.count)
        for item in items {
            guard let item, let element = Element(postgresText: item) else { return nil }
            elements.append(element)
        }
        self = elements
    }
}

/// The text form of a one-dimensional array: `{1,2,3}`, `{"a b","say \"hi\"",NULL}`.
enum PostgresArrayLiteral {
    /// Every element quoted, so commas, braces, quotes, backslashes and the word NULL stay data.
    static func format(_ elements: [String]) -> String {
        var out = "{"
        for (offset, element) in elements.enumerated() {
            if offset > 0 { out.append(",") }
            out.append("\"")
            // By scalar: a quote followed by a combining mark is one Character and would escape nothing.
            for scalar in element.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { out.unicodeScalars.append("\\") }
                out.unicodeScalars.append(scalar)
            }
            out.append("\"")
        }
        out.append("}")
        return out
    }

    /// The elements (nil for NULL), or nil when the text is not a one-dimensional array.
    static func parse(_ text: String) -> [String?]? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        var elements: [String?] = []
        var index = 1
        let end = scalars.count - 1
        if index == end { return [] }
        while index < end {
            if scalars[index] == "\"" {
                index += 1
                var value = String.UnicodeScalarView()
                while index < end, scalars[index] != "\"" {
                    if scalars[index] == "\\" { index += 1 }
                    guard index < end else { return nil }
                    value.append(scalars[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1  // closing quote
                elements.append(String(value))
            } else {
                var value = String.UnicodeScalarView()
                while index < end, scalars[index] != "," {
                    // A nested brace means a multi-dimensional array, which Liaison does not use.
                    if scalars[index] == "{" || scalars[index] == "}" || scalars[index] == "\"" { return nil }
                    if scalars[index] == "\\" { index += 1 }
                    guard index < end else { return nil }
                    value.append(scalars[index])
                    index += 1
                }
                let item = String(value)
                elements.append(item.uppercased() == "NULL" ? nil : item)
            }
            if index < end {
                guard scalars[index] == "," else { return nil }
                index += 1
                guard index < end else { return nil }  // trailing comma
            }
        }
        return elements
    }
}
