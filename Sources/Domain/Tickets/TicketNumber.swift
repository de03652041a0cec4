import Foundation

/// A ticket's readable number, per office and day: `DH-20261122-0007` (issue 4: office code,
/// the company-zone day, a sequence of at least four digits).
public struct TicketNumber: Sendable, Hashable, CustomStringConvertible {
    public let officeCode: String
    public let day: LocalDate
    public let sequence: Int

    public init(officeCode: String, day: LocalDate, sequence: Int) {
        self.officeCode = officeCode
        self.day = day
        self.sequence = sequence
    }

    /// The sequence is zero-padded to at least this many digits.
    public static let minimumSequenceDigits = 4

    /// The part before the sequence, `DH-20261122-`: the same for every ticket of the office that day.
    public static func prefix(officeCode: String, day: LocalDate) -> String {
        "\(officeCode)-\(String(format: "%04d%02d%02d", day.year, day.month, day.day))-"
    }

    public var description: String {
        let digits = String(sequence)
        return Self.prefix(officeCode: officeCode, day: day)
            + String(repeating: "0", count: max(0, Self.minimumSequenceDigits - digits.count)) + digits
    }

    /// Parses `CODE-yyyyMMdd-NNNN`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: Int("+007") would accept a sign.
        let digits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard parts.count == 3, !parts[0].isEmpty, parts[1].count == 8, parts[2].count >= 4, digits(parts[1]), digits(parts[2]),
              let year = Int(parts[1].prefix(4)), let month = Int(parts[1].dropFirst(4).prefix(2)), let dayNumber = Int(parts[1].suffix(2)),
              let day = LocalDate(year: year, month: month, day: dayNumber), let sequence = Int(parts[2]), sequence > 0
        else { return nil }
        self.init(officeCode: String(parts[0]), day: day, sequence: sequence)
    }
}
