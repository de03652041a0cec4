import Foundation

extension Decimal {
    /// "1234.50": an amount in yuan as the API and messages write it: rounded to the fen, always two decimals.
    public var yuanText: String {
        let fen = NSDecimalNumber(decimal: TicketPlan.yuan(self) * 100).int64Value
        return "\(fen < 0 ? "-" : "")\(abs(fen) / 100).\(String(format: "%02d", abs(fen) % 100))"
    }
}
