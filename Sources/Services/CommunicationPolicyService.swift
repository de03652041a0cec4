import Domain
import Foundation
import Persistence

/// The communication deadlines as company policy (EXT-2, EXT-6, EXT-7): everyone who reads the
/// organization reads them; HQ (organization.manage) changes them. New records take the policy in
/// force when they are written; due days already set stay.
public struct CommunicationPolicyService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public func get(_ caller: Caller) async throws -> (policy: CommunicationPolicy, version: Int) {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await CommunicationPolicyRepository.current(in: work.tx)
        }
    }

    public func replace(_ policy: CommunicationPolicy, expectedVersion: Int?, _ caller: Caller) async throws -> (policy: CommunicationPolicy, version: Int) {
        try await runner.perform(caller, .manageOrganization) { work in
            let before = try await CommunicationPolicyRepository.current(forUpdate: true, in: work.tx)
            try work.check(version: before.version, expected: expectedVersion)
            var issues: [FieldIssue] = []
            Self.check(policy.developerAnswer, field: "developerAnswer", issues: &issues)
            Self.check(policy.reportQuestionWindow, field: "reportQuestionWindow", issues: &issues)
            Self.check(policy.consultingReportAnswer, field: "consultingReportAnswer", issues: &issues)
            Self.check(policy.reportSubmission, field: "reportSubmission", issues: &issues)
            Self.check(policy.reportPublication, field: "reportPublication", issues: &issues)
            Self.check(policy.briefingDelivery, field: "briefingDelivery", issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let after = try await CommunicationPolicyRepository.save(policy, in: work.tx)
            try await work.audit(.changed("update", from: before.policy, to: after.policy))
            return after
        }
    }

    private static func check(_ rule: DaysAfter, field: String, issues: inout [FieldIssue]) {
        if !(0...30).contains(rule.days) { issues.append(FieldIssue(field, "counts 0-30 days")) }
    }

    private static func check(_ rule: DayOfMonth, field: String, issues: inout [FieldIssue]) {
        switch rule {
        case .workingDay(let n) where !(1...23).contains(n):
            issues.append(FieldIssue(field, "a month has at most 23 working days: 1-23"))
        case .calendarDay(let n) where !(1...31).contains(n):
            issues.append(FieldIssue(field, "is a day of the month: 1-31"))
        default:
            break
        }
    }
}

extension ServiceWork {
    /// The communication deadlines in force (stored policy; the seed's defaults if unset).
    func communicationPolicy() async throws -> CommunicationPolicy {
        try await CommunicationPolicyRepository.current(in: tx).policy
    }
}
