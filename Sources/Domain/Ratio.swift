import Foundation

/// Rates written exactly: a ratio of counts rounded half away from zero (as PostgreSQL's `round(numeric, n)`,
/// which the `bi` views use), and decimal text with a fixed number of places ("0.6000", "4.33").
public enum Ratio {
    /// `numerator / denominator` rounded to `places` decimals; nil when the denominator is 0.
    public static func rounded(_ numerator: Int, over denominator: Int, places: Int) -> Decimal? {
        guard denominator != 0 else { return nil }
        return round(Decimal(numerator) / Decimal(denominator), places: places)
    }

    public static func round(_ value: Decimal, places: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, places, .plain)
        return output
    }

    /// `value` rounded to `places` decimals and written with exactly that many: 0.5 → "0.5000".
    public static func text(_ value: Decimal, places: Int) -> String {
        let scaled = NSDecimalNumber(decimal: round(value, places: places) * pow(10, places)).int64Value
        let unit = Int64(pow(10, Double(places)))
        let digits = String(abs(scaled) % unit)
        let fraction = String(repeating: "0", count: max(0, places - digits.count)) + digits
        return "\(scaled < 0 ? "-" : "")\(abs(scaled) / unit)" + (places > 0 ? ".\(fraction)" : "")
    }
}
