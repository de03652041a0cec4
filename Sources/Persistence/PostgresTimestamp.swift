import Foundation
import Domain

/// The text form of `timestamptz`, as sessions opened by `PostgresConnection`
/// see it (TimeZone UTC, DateStyle ISO): `2026-11-22 14:05:09.123456+00`.
/// Parsed and formatted by hand: exact to the microsecond, no formatter state.
enum PostgresTimestamp {
    /// `2026-11-22T14:05:09.123456Z`, rounded to the microsecond.
    static func format(_ date: Date) -> String {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let micros = Int64(totalMicros)
        let (secondsPart, microsPart) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        var seconds = secondsPart
        var fraction = microsPart
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        let (daysPart, secondOfDayPart) = seconds.quotientAndRemainder(dividingBy: 86_400)
        var days = daysPart
        var secondOfDay = secondOfDayPart
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        guard let day = LocalDate(daysSinceEpoch: Int(days)) else {
            // Outside years 1-9999: let PostgreSQL reject it with a typed error.
            return "infinity"
        }
        let hour = secondOfDay / 3600, minute = secondOfDay % 3600 / 60, second = secondOfDay % 60
        return "\(day)T\(pad(hour)):\(pad(minute)):\(pad(second)).\(pad(fraction, width: 6))Z"
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]`; nil for anything else
    /// (including `infinity`, which no Liaison column should hold).
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let dayOfMonth = number(2),
              index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "T")
        else { return nil }
        index += 1
        guard let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2),
              let day = LocalDate(year: year, month: month, day: dayOfMonth), hour < 24, minute < 60, second < 60
        else { return nil }
        var micros = 0
        if expect(".") {
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offsetSeconds = 0
        if expect("Z") {
            offsetSeconds = 0
        } else {
            guard index < bytes.count else { return nil }
            let sign: Int
            switch bytes[index] {
            case UInt8(ascii: "+"): sign = 1
            case UInt8(ascii: "-"): sign = -1
            default: return nil
            }
            index += 1
            guard let offsetHours = number(2) else { return nil }
            offsetSeconds = offsetHours * 3600
            if expect(":") {
                guard let offsetMinutes = number(2) else { return nil }
                offsetSeconds += offsetMinutes * 60
                if expect(":") {
                    guard let offsetSecondsPart = number(2) else { return nil }
                    offsetSeconds += offsetSecondsPart
                }
            }
            offsetSeconds *= sign
        }
        guard index == bytes.count else { return nil }
        let seconds = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            - Int64(offsetSeconds)
        // Whole seconds and microseconds are added separately so the Double keeps microsecond accuracy.
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }

    private static func pad(_ value: Int64, width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
