/// The one approval workflow of Liaison's written documents (issue 6 item 6): committee minutes,
/// quarterly reports, monthly briefings now; meeting minutes, corrective-action reports and media
/// releases plug in with their own steps. A document is drafted, submitted, decided step by step
/// in a fixed order (each step by the roles the permission matrix grants its action), and
/// published once approved. A rejection at any step returns it to draft with the reason.
public struct ApprovalFlow: Sendable, Hashable {
    /// One decision in the chain, e.g. QUALITY's review of a quarterly report.
    public struct Step: Sendable, Hashable {
        public let name: String
        /// The action a decider needs (the permission matrix says which roles, where).
        public let action: Action

        public init(name: String, action: Action) {
            self.name = name
            self.action = action
        }
    }

    public enum Status: String, Sendable, CaseIterable {
        case draft
        case inReview = "in_review"
        case approved
        case published
    }

    public enum Decision: String, Sendable, CaseIterable {
        case submit, approve, reject, publish
    }

    /// Where a document stands: its status and, while in review, the step waiting for a decision.
    public struct State: Sendable, Hashable {
        public let status: Status
        public let step: Int?

        public init(status: Status, step: Int? = nil) {
            self.status = status
            self.step = status == .inReview ? step : nil
        }

        public static let draft = State(status: .draft)
    }

    /// Why a decision cannot be taken now (a 409 with this text).
    public struct Refusal: Error, Sendable, Equatable {
        public let message: String
    }

    /// The steps in their order; none means a document is published straight from its draft.
    public let steps: [Step]
    /// Who writes, submits and publishes the document.
    public let authorAction: Action

    public init(steps: [Step], authorAction: Action) {
        self.steps = steps
        self.authorAction = authorAction
    }

    /// The action `decision` needs in `state`: the author's, or the waiting step's.
    public func action(for decision: Decision, in state: State) -> Action {
        switch decision {
        case .approve, .reject:
            if let index = state.step, steps.indices.contains(index) { return steps[index].action }
            return authorAction
        case .submit, .publish:
            return authorAction
        }
    }

    /// The state after `decision`, and the step it decided (for approve and reject); or why not.
    public func apply(_ decision: Decision, to state: State) throws(Refusal) -> (next: State, step: Step?) {
        switch (decision, state.status) {
        case (.submit, .draft):
            guard !steps.isEmpty else { throw Refusal(message: "this document needs no approval; publish it") }
            return (State(status: .inReview, step: 0), nil)
        case (.approve, .inReview):
            let index = state.step ?? 0
            let next = index + 1 < steps.count ? State(status: .inReview, step: index + 1) : State(status: .approved)
            return (next, steps[index])
        case (.reject, .inReview):
            return (.draft, steps[state.step ?? 0])
        case (.publish, .approved):
            return (State(status: .published), nil)
        case (.publish, .draft) where steps.isEmpty:
            return (State(status: .published), nil)
        case (.publish, .draft), (.publish, .inReview):
            let waiting = state.step.map { steps[$0].name } ?? steps.first?.name ?? "approval"
            throw Refusal(message: "not approved yet: \(waiting) comes first")
        case (_, .published):
            throw Refusal(message: "the document is published")
        default:
            throw Refusal(message: "cannot \(decision.rawValue) a document that is \(state.status.rawValue)")
        }
    }
}
