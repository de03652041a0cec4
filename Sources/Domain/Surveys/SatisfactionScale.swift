/// The five-point satisfaction scale of every scale question (SRV-4), mapped to scores. The
/// satisfaction rate counts the answers at or above `satisfied`.
public enum SatisfactionScale: Int, Sendable, CaseIterable {
    case veryDissatisfied = 1, dissatisfied, fair, satisfied, verySatisfied

    public var label: String {
        switch self {
        case .verySatisfied: "very_satisfied"
        case .satisfied: "satisfied"
        case .fair: "fair"
        case .dissatisfied: "dissatisfied"
        case .veryDissatisfied: "very_dissatisfied"
        }
    }

    /// 非常满意, 满意, 一般, 不满意, 非常不满意.
    public var chineseLabel: String {
        switch self {
        case .verySatisfied: "非常满意"
        case .satisfied: "满意"
        case .fair: "一般"
        case .dissatisfied: "不满意"
        case .veryDissatisfied: "非常不满意"
        }
    }

    /// Whether an answer counts as satisfied in the satisfaction rate.
    public var countsAsSatisfied: Bool { self >= .satisfied }
}

extension SatisfactionScale: Comparable {
    public static func < (lhs: SatisfactionScale, rhs: SatisfactionScale) -> Bool { lhs.rawValue < rhs.rawValue }
}
