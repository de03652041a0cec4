import Domain
import Foundation

/// SLA policy versions (`liaison.sla_policy` with its rules): never updated, a change is a new
/// version, so clocks keep the version they started under (TKT-15).
public enum SLAPolicyRepository {
    /// The policy in force for an office: its latest override, else the company's latest version,
    /// else the seed defaults (version 0).
    public static func current(officeID: Int64, in tx: Transaction) async throws -> SLAPolicy {
        guard let head = try await tx.query("""
            SELECT id, appointment_arrival_lead_seconds FROM liaison.sla_policy
            WHERE office_id = \(officeID) OR office_id IS NULL
            ORDER BY office_id NULLS LAST, id DESC LIMIT 1
            """).first
        else { return .seedDefaults }
        return try await load(id: try head.decode("id"), lead: try head.decode("appointment_arrival_lead_seconds"), in: tx)
    }

    /// The company policy (office nil) or an office's own override, if any.
    public static func latest(officeID: Int64?, in tx: Transaction) async throws -> SLAPolicy? {
        guard let head = try await tx.query("""
            SELECT id, appointment_arrival_lead_seconds FROM liaison.sla_policy
            WHERE office_id IS NOT DISTINCT FROM \(officeID) ORDER BY id DESC LIMIT 1
            """).first
        else { return nil }
        return try await load(id: try head.decode("id"), lead: try head.decode("appointment_arrival_lead_seconds"), in: tx)
    }

    /// Stores a new version; its id is the version number.
    public static func insert(
        _ policy: SLAPolicy, officeID: Int64?, createdBy: Int64, at now: Date, in tx: Transaction
    ) async throws -> SLAPolicy {
        let id: Int64 = try await tx.query("""
            INSERT INTO liaison.sla_policy (office_id, appointment_arrival_lead_seconds, created_at, created_by)
            VALUES (\(officeID), \(policy.appointmentArrivalLeadSeconds), \(now), \(createdBy)) RETURNING id
            """).single().decode("id")
        for (kind, rule) in policy.rules {
            let unit = switch rule.duration {
            case .seconds: "seconds"
            case .workingDays: "working_days"
            case .calendarDays: "calendar_days"
            }
            try await tx.execute("""
                INSERT INTO liaison.sla_policy_rule (policy_id, clock, unit, amount, warning_fraction, pauses_when)
                VALUES (\(id), \(kind.rawValue), \(unit), \(rule.duration.amount), \(rule.warningFraction),
                        \(rule.pausesWhen.map(\.rawValue).sorted())::text[])
                """)
        }
        return try await load(id: id, lead: policy.appointmentArrivalLeadSeconds, in: tx)
    }

    private static func load(id: Int64, lead: Int, in tx: Transaction) async throws -> SLAPolicy {
        var rules: [SLAClockKind: ClockRule] = [:]
        for row in try await tx.query("""
            SELECT clock, unit, amount, warning_fraction, pauses_when FROM liaison.sla_policy_rule WHERE policy_id = \(id)
            """) {
            let kind: SLAClockKind = try TicketRepository.value(row.decode("clock"), column: "clock")
            let amount: Int = try row.decode("amount")
            let duration: ClockDuration = switch try row.decode("unit", as: String.self) {
            case "working_days": .workingDays(amount)
            case "calendar_days": .calendarDays(amount)
            default: .seconds(amount)
            }
            let pauses = try row.decode("pauses_when", as: [String].self).map { text -> ClockPauseReason in
                try TicketRepository.value(text, column: "pauses_when")
            }
            rules[kind] = ClockRule(duration: duration, warningFraction: try row.decode("warning_fraction"), pausesWhen: Set(pauses))
        }
        return SLAPolicy(version: id, rules: rules, appointmentArrivalLeadSeconds: lead)
    }
}
