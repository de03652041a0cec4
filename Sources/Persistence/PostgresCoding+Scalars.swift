import Foundation
import Domain

// Conformances of the scalar types Liaison stores. Each names the column types
// it accepts, so that decoding, say, an int8 column into `String` is a typed
// error instead of a silent conversion.

extension String: PostgresEncodable, PostgresTextDecodable {
    // Unspecified, so that text can stand for enums, domains and varchar alike.
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String { self }
    public static func accepts(_ type: PostgresType) -> Bool { !PostgresType.structured.contains(type) }
    public init?(postgresText: String) { self = postgresText }
}

extension Bool: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String { self ? "true" : "false" }
    public static func accepts(_ type: PostgresType) -> Bool { type == .bool }
    public init?(postgresText: String) {
        switch postgresText {
        case "t": self = true
        case "f": self = false
        default: return nil
        }
    }
}

private let integerTypes: Set<PostgresType> = [.int2, .int4, .int8, .oidType]

extension Int: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String { String(self) }
    public static func accepts(_ type: PostgresType) -> Bool { integerTypes.contains(type) }
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int64: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String { String(self) }
    public static func accepts(_ type: PostgresType) -> Bool { integerTypes.contains(type) }
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int32: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String { String(self) }
    public static func accepts(_ type: PostgresType) -> Bool { integerTypes.contains(type) }
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Double: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .float8 }
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
    public static func accepts(_ type: PostgresType) -> Bool { type == .float8 || type == .float4 }
    public init?(postgresText: String) {
        switch postgresText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default: self.init(postgresText)
        }
    }
}

/// `numeric` is exact; so is `Decimal` up to 38 significant digits, which is
/// what money and rates need. Never go through `Double` for these.
extension Decimal: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .numeric }
    public var postgresText: String { isNaN ? "NaN" : description }
    public static func accepts(_ type: PostgresType) -> Bool { type == .numeric || integerTypes.contains(type) }
    public init?(postgresText: String) {
        if postgresText == "NaN" { self = .nan; return }
        guard let value = Decimal(string: postgresText, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        self = value
    }
}

extension UUID: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .uuid }
    public var postgresText: String { uuidString.lowercased() }
    public static func accepts(_ type: PostgresType) -> Bool { type == .uuid }
    public init?(postgresText: String) { self.init(uuidString: postgresText) }
}

/// `timestamptz`: an instant, kept to the microsecond as PostgreSQL does.
extension Date: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .timestamptz }
    public var postgresText: String { PostgresTimestamp.format(self) }
    public static func accepts(_ type: PostgresType) -> Bool { type == .timestamptz }
    public init?(postgresText: String) {
        guard let date = PostgresTimestamp.parse(postgresText) else { return nil }
        self = date
    }
}

/// `date`: a calendar day.
extension LocalDate: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .date }
    public var postgresText: String { description }
    public static func accepts(_ type: PostgresType) -> Bool { type == .date }
    public init?(postgresText: String) { self.init(iso: postgresText) }
}

/// `bytea`, in the hex format (`\x…`) that PostgreSQL uses by default.
extension Data: PostgresEncodable, PostgresTextDecodable {
    public static var postgresType: PostgresType { .bytea }
    public var postgresText: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(2 + count * 2)
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "x"))
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
    public static func accepts(_ type: PostgresType) -> Bool { type == .bytea }
    public init?(postgresText: String) {
        let utf8 = Array(postgresText.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0
        else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = Data(bytes)
    }
}
