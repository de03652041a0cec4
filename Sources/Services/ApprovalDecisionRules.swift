import Domain
import Foundation

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

    /// Takes `decision` on `before` under `flow`, in the caller's transaction: the comment rule, the flow's move, the
    /// submission and publication stamps, the stored update, the decision-log row and the audit row.
    static func decide<Record: ApprovalRecord>(
        _ decision: ApprovalFlow.Decision, comment: String?, on before: Record, flow: ApprovalFlow, work: ServiceWork,
        update: (Record) async throws -> Record,
        log: (_ record: Record, _ step: String?, _ reason: String?) async throws -> Void
    ) async throws -> Record {
        let reason = try Self.comment(comment, for: decision)
        let (next, step) = try apply(decision, flow: flow, to: before.state)
        var after = before
        after.state = next
        if decision == .submit, after.submittedAt == nil { after.submittedAt = work.now }
        if decision == .publish { after.publishedAt = work.now }
        after = try await update(after)
        try await log(after, step?.name, reason)
        try await work.audit(.changed(decision.rawValue, from: before, to: after))
        return after
    }
}

/// A record that moves through an approval flow, stamped when first submitted and when published.
protocol ApprovalRecord: AuditedRecord {
    var state: ApprovalFlow.State { get set }
    var submittedAt: Date? { get set }
    var publishedAt: Date? { get set }
}

extension ActivityPlan: ApprovalRecord {}
extension SafetyReport: ApprovalRecord {}
