import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func getSLAPolicy(_ input: Operations.GetSLAPolicy.Input) async throws -> Operations.GetSLAPolicy.Output {
        let scoped = try await services.slaPolicy.current(officeID: input.query.officeId, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(Int(scoped.policy.version))), body: .json(try Self.schema(scoped))))
    }

    func replaceSLAPolicy(_ input: Operations.ReplaceSLAPolicy.Input) async throws -> Operations.ReplaceSLAPolicy.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        var rules: [SLAClockKind: ClockRule] = [:]
        for (index, rule) in body.rules.enumerated() {
            let kind: SLAClockKind = try Self.wire(rule.clock)
            guard rules[kind] == nil else { throw ServiceError.validation([FieldIssue("rules/\(index)/clock", "repeats \(kind.rawValue)")]) }
            let duration: ClockDuration = switch rule.unit {
            case .seconds: .seconds(rule.amount)
            case .workingDays: .workingDays(rule.amount)
            case .calendarDays: .calendarDays(rule.amount)
            }
            rules[kind] = ClockRule(
                duration: duration, warningFraction: rule.warningFraction ?? 0.8,
                pausesWhen: Set(try (rule.pausesWhen ?? []).map { try Self.wire($0) }))
        }
        let scoped = try await services.slaPolicy.replace(
            officeID: input.query.officeId, rules: rules, appointmentArrivalLeadSeconds: body.appointmentArrivalLeadSeconds,
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(Int(scoped.policy.version))), body: .json(try Self.schema(scoped))))
    }

    static func schema(_ scoped: SLAPolicyService.Scoped) throws -> Components.Schemas.SLAPolicy {
        .init(
            version: scoped.policy.version, scope: try wire(scoped.source), officeId: scoped.officeID,
            appointmentArrivalLeadSeconds: scoped.policy.appointmentArrivalLeadSeconds,
            rules: try SLAClockKind.allCases.map { kind in
                let rule = scoped.policy.rule(kind)
                let unit: Components.Schemas.SLARule.UnitPayload = switch rule.duration {
                case .seconds: .seconds
                case .workingDays: .workingDays
                case .calendarDays: .calendarDays
                }
                return .init(
                    clock: try wire(kind), unit: unit, amount: rule.duration.amount, warningFraction: rule.warningFraction,
                    pausesWhen: try rule.pausesWhen.map(\.rawValue).sorted().map { try wire(RawText($0)) })
            })
    }
}

/// A plain string as a raw value, for `wire` between enums of the same names.
struct RawText: RawRepresentable {
    let rawValue: String
    init(_ text: String) { rawValue = text }
    init?(rawValue: String) { self.rawValue = rawValue }
}
