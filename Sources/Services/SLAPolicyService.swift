import Domain
import Foundation
import Persistence

/// The SLA policy (TKT-15): read by anyone who reads tickets, changed by HQ quality
/// (`sla.manage`) for the company or one office. A change is a new version; running clocks
/// keep the version they started under.
public struct SLAPolicyService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// Where the policy in force comes from.
    public enum Source: String, Sendable {
        /// The seed's numbers: nobody has edited the policy yet (version 0).
        case defaults
        case company
        /// The office's own override.
        case office
    }

    public struct Scoped: Sendable {
        public let policy: SLAPolicy
        public let source: Source
        public let officeID: Int64?
    }

    /// The policy in force for an office (its override, else the company's), or the company's (officeID nil).
    public func current(officeID: Int64?, _ caller: Caller) async throws -> Scoped {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            try await Self.current(officeID: officeID, work: work)
        }
    }

    /// Stores a new version for the company (officeID nil) or an office: the rules given replace
    /// those of the policy in force there, the others are kept. `expectedVersion` is the version
    /// the caller read (If-Match).
    public func replace(
        officeID: Int64?, rules: [SLAClockKind: ClockRule], appointmentArrivalLeadSeconds: Int?, expectedVersion: Int?,
        _ caller: Caller
    ) async throws -> Scoped {
        try await runner.perform(caller, .manageSLAPolicy) { work in
            let before = try await Self.current(officeID: officeID, work: work)
            try work.check(version: Int(before.policy.version), expected: expectedVersion)
            var next = before.policy
            for (kind, rule) in rules { next.rules[kind] = rule }
            for kind in SLAClockKind.allCases where next.rules[kind] == nil { next.rules[kind] = before.policy.rule(kind) }
            if let lead = appointmentArrivalLeadSeconds { next.appointmentArrivalLeadSeconds = lead }
            let issues = next.problems.map { FieldIssue($0.clock.map { "rules/\($0.rawValue)" } ?? "appointmentArrivalLeadSeconds", $0.problem) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let saved = try await SLAPolicyRepository.insert(next, officeID: officeID, createdBy: work.caller.actor.userID, at: work.now, in: work.tx)
            try await work.audit(AuditEntry(
                action: "sla_policy.create", entityType: "sla_policy", entityID: String(saved.version), officeID: officeID,
                changes: AuditEntry.changes(from: Self.auditFields(before.policy), to: Self.auditFields(saved))))
            return Scoped(policy: saved, source: officeID == nil ? .company : .office, officeID: officeID)
        }
    }

    private static func current(officeID: Int64?, work: ServiceWork) async throws -> Scoped {
        if let officeID {
            guard work.covers(office: officeID), try await OrganizationUnitRepository.find(.office, id: officeID, in: work.tx) != nil
            else { throw ServiceError.notFound("no office with id \(officeID)") }
            if let own = try await SLAPolicyRepository.latest(officeID: officeID, in: work.tx) {
                return Scoped(policy: own, source: .office, officeID: officeID)
            }
        }
        if let company = try await SLAPolicyRepository.latest(officeID: nil, in: work.tx) {
            return Scoped(policy: company, source: .company, officeID: nil)
        }
        return Scoped(policy: .seedDefaults, source: .defaults, officeID: nil)
    }

    /// Each clock's rule and the arrival lead, as the audit trail compares them.
    static func auditFields(_ policy: SLAPolicy) -> [String: String?] {
        var fields: [String: String?] = ["appointment_arrival_lead_seconds": String(policy.appointmentArrivalLeadSeconds)]
        for kind in SLAClockKind.allCases { fields[kind.rawValue] = describe(policy.rule(kind)) }
        return fields
    }

    /// `600 seconds, warn at 0.8, pauses: awaiting_owner` — how the audit trail shows a rule.
    static func describe(_ rule: ClockRule) -> String {
        let duration = switch rule.duration {
        case .seconds(let n): "\(n) seconds"
        case .workingDays(let n): "\(n) working days"
        case .calendarDays(let n): "\(n) calendar days"
        }
        let pauses = rule.pausesWhen.map(\.rawValue).sorted().joined(separator: ",")
        return "\(duration), warn at \(rule.warningFraction)" + (pauses.isEmpty ? "" : ", pauses: \(pauses)")
    }
}
