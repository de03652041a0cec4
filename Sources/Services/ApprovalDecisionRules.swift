import Domain

/// The rules every record in the approval workflow decides by (documents, safety reports, activity plans): a
/// decision's comment (a rejection must say why) and the flow's answer, a refusal becoming a 409.
enum ApprovalDecisionRules {
    /// The trimmed comment, at most 4000 characters; required for a rejection (422 otherwise).
    static func comment(_ comment: String?, for decision: ApprovalFlow.Decision) throws -> String? {
        var issues: [FieldIssue] = []
        let reason = InputRules.optional(comment, field: "comment", limit: 4000, issues: &issues)
        if decision == .reject && reason == nil { issues.append(FieldIssue("comment", "a rejection says why")) }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return reason
    }

    /// The state after `decision` and the step it decided, or 409 with the flow's reason.
    static func apply(
        _ decision: ApprovalFlow.Decision, flow: ApprovalFlow, to state: ApprovalFlow.State
    ) throws -> (next: ApprovalFlow.State, step: ApprovalFlow.Step?) {
        do { return try flow.apply(decision, to: state) } catch let refusal as ApprovalFlow.Refusal {
            throw ServiceError.invalidState(refusal.message)
        }
    }
}
