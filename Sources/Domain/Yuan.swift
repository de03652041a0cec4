import Foundation

extension Decimal {
    /// "1234.50": rounded to two decimals and always written with two (rates, averages).
    public var twoDecimalText: String {
        let hundredths = NSDecimalNumber(decimal: TicketPlan.yuan(self) * 100).int64Value
        return "\(hundredths < 0 ? "-" : "")\(abs(hundredths) / 100).\(String(format: "%02d", abs(hundredths) % 100))"
    }

    /// An amount in yuan as the API and messages write it: to the fen, e.g. "1234.50".
    public var yuanText: String { twoDecimalText }
}
