import Domain
import Foundation
import Persistence

/// Weekly and monthly complaint summaries per office (CMP-5): compiled from the office's
/// complaints of the period by its front desk or manager, approved (and so published) by the
/// office manager, due on the Monday after the week and by the 5th of the next month.
public struct ComplaintSummaryService: Sendable {
    private let runner: ServiceRunner
    private let policy: ComplaintSummaryPolicy

    public init(
        database: Database, policy: ComplaintSummaryPolicy = .seedDefaults, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    /// A summary with whether it is (or was) late, judged in the company's time zone.
    public struct View: Sendable {
        public let summary: ComplaintSummary
        public let late: Bool
    }

    static let constraintFields = ["complaint_summary_period_key": "periodStart"]

    public func list(officeID: Int64?, period: ComplaintSummary.Period?, _ caller: Caller, page: PageRequest) async throws -> Page<View> {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let zone = try await work.companyTimeZone()
            let rows = try await ComplaintSummaryRepository.list(
                officeID: officeID, period: period, afterID: page.afterID, limit: page.limit, in: work.tx)
            let summaries = page.page(from: rows, id: \.id)
            return Page(
                items: summaries.items.map { View(summary: $0, late: $0.isLate(at: work.now, in: zone)) }, nextCursor: summaries.nextCursor)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let summary = try await Self.summary(id, work: work)
            return View(summary: summary, late: summary.isLate(at: work.now, in: try await work.companyTimeZone()))
        }
    }

    /// Compiles the office's summary of the week or month containing `day` (company zone). One per office and period (409).
    public func prepare(
        officeID: Int64, period: ComplaintSummary.Period, containing day: LocalDate, handling: String, _ caller: Caller
    ) async throws -> View {
        try await runner.perform(caller, .prepareComplaintSummaries, fields: Self.constraintFields) { work in
            guard work.covers(office: officeID), try await OrganizationUnitRepository.find(.office, id: officeID, in: work.tx) != nil else {
                throw ServiceError.validation([FieldIssue("officeId", "no office with this id")])
            }
            let zone = try await work.companyTimeZone()
            let (start, end, due) = policy.period(period, containing: day)
            guard start <= LocalDate(work.now, in: zone) else {
                throw ServiceError.validation([FieldIssue("day", "the period has not begun")])
            }
            let summary = try await ComplaintSummaryRepository.insert(
                ComplaintSummary(
                    id: 0, officeID: officeID, period: period, periodStart: start, periodEnd: end, dueOn: due,
                    complaints: try await ComplaintSummaryRepository.complaints(
                        officeID: officeID, from: start.start(in: zone), to: end.start(in: zone), in: work.tx),
                    handling: try Self.handling(handling), preparedAt: work.now, preparedBy: caller.actor.userID),
                in: work.tx)
            try await work.audit(.created(summary))
            return View(summary: summary, late: summary.isLate(at: work.now, in: zone))
        }
    }

    /// Recompiles the complaints as they stand now and replaces the handling; until approved.
    public func revise(id: Int64, handling: String, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await change(id: id, expectedVersion: expectedVersion, caller, action: .prepareComplaintSummaries, verb: "update") { before, work, zone in
            var next = before
            next.complaints = try await ComplaintSummaryRepository.complaints(
                officeID: before.officeID, from: before.periodStart.start(in: zone), to: before.periodEnd.start(in: zone), in: work.tx)
            next.handling = try Self.handling(handling)
            next.preparedAt = work.now
            next.preparedBy = work.caller.actor.userID
            return next
        }
    }

    /// The office manager approves a summary of a finished period; approval publishes it (CMP-5).
    public func approve(id: Int64, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await change(id: id, expectedVersion: expectedVersion, caller, action: .approveComplaintSummaries, verb: "approve") { before, work, zone in
            guard LocalDate(work.now, in: zone) >= before.periodEnd else {
                throw ServiceError.invalidState("the period ends on \(before.periodEnd.shifted(by: -1)); approve its summary after that")
            }
            guard !before.handling.isEmpty else {
                throw ServiceError.invalidState("the summary has no account of the handling yet; revise it first")
            }
            var next = before
            next.approvedAt = work.now
            next.approvedBy = work.caller.actor.userID
            return next
        }
    }

    private func change(
        id: Int64, expectedVersion: Int?, _ caller: Caller, action: Action, verb: String,
        _ next: @Sendable (ComplaintSummary, ServiceWork, TimeZone) async throws -> ComplaintSummary
    ) async throws -> View {
        try await runner.perform(caller, action) { work in
            let before = try await Self.summary(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            guard before.approvedAt == nil else { throw ServiceError.invalidState("the summary is approved and published; it no longer changes") }
            let zone = try await work.companyTimeZone()
            let after = try await ComplaintSummaryRepository.update(try await next(before, work, zone), in: work.tx)
            try await work.audit(.changed(verb, from: before, to: after))
            return View(summary: after, late: after.isLate(at: work.now, in: zone))
        }
    }

    private static func summary(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> ComplaintSummary {
        guard let summary = try await ComplaintSummaryRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              work.covers(office: summary.officeID)
        else { throw ServiceError.notFound("no complaint summary with id \(id)") }
        return summary
    }

    private static func handling(_ text: String) throws -> String {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 8000 else { throw ServiceError.validation([FieldIssue("handling", "must have at most 8000 characters")]) }
        return text
    }

}
