import Domain
import Foundation
import Persistence

/// Weekly return-visit sampling (SRV-1): HQ draws a share of each office's completed repairs
/// for phone return visits and records what the owners said. Reading needs `tickets.read`;
/// drawing and recording `samples.manage` (HQ quality).
public struct ReturnVisitSampleService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Result: Sendable {
        public var fixed: Bool
        public var satisfaction: Int
        public var chargeCorrect: Bool?
        public var comment: String

        public init(fixed: Bool, satisfaction: Int, chargeCorrect: Bool? = nil, comment: String = "") {
            self.fixed = fixed
            self.satisfaction = satisfaction
            self.chargeCorrect = chargeCorrect
            self.comment = comment
        }
    }

    /// The samples of the ISO week containing `day` (company time zone) for every active office:
    /// drawn now where missing, the same ones as before where they exist. One audit row.
    public func draw(week day: LocalDate, rate: Decimal?, _ caller: Caller) async throws -> [ReturnVisitSample] {
        let rate = rate ?? ReturnVisitSampling.defaultRate
        guard rate > 0, rate <= 1 else { throw ServiceError.validation([FieldIssue("rate", "must be above 0 and at most 1")]) }
        let week = day.shifted(toWeekday: 1)
        return try await runner.perform(caller, .manageReturnVisitSamples) { work in
            guard week <= LocalDate(work.now, in: try await work.companyTimeZone()) else {
                throw ServiceError.validation([FieldIssue("week", "must not be in the future")])
            }
            try await ReturnVisitSampleRepository.lockWeek(week, in: work.tx)
            let zone = try await work.companyTimeZone()
            let from = week.start(in: zone), to = week.shifted(by: 7).start(in: zone)
            var samples: [ReturnVisitSample] = []
            var drawn: [String: String?] = [:]
            for office in try await OrganizationUnitRepository.list(.office, afterID: nil, limit: 10_000, includeArchived: false, onlyIDs: nil, in: work.tx)
            where work.covers(office: office.id) {
                if let existing = try await ReturnVisitSampleRepository.find(officeID: office.id, week: week, in: work.tx) {
                    samples.append(existing)
                    continue
                }
                let population = try await ReturnVisitSampleRepository.completedRepairs(officeID: office.id, from: from, to: to, in: work.tx)
                let picked = ReturnVisitSampling.pick(from: population, rate: rate, week: week)
                let sample = try await ReturnVisitSampleRepository.insert(
                    officeID: office.id, week: week, rate: rate, population: population.count, ticketIDs: picked,
                    createdBy: caller.actor.userID, at: work.now, in: work.tx)
                samples.append(sample)
                drawn[office.code] = "\(picked.count) of \(population.count)"
            }
            if !drawn.isEmpty {
                try await work.audit(AuditEntry(
                    action: "return_visit_sample.draw", entityType: "return_visit_sample", entityID: week.description,
                    changes: AuditEntry.changes(from: [:], to: drawn)))
            }
            return samples
        }
    }

    public func list(week: LocalDate?, officeID: Int64?, _ caller: Caller, page: PageRequest) async throws -> Page<ReturnVisitSample> {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            page.page(
                from: try await ReturnVisitSampleRepository.list(
                    week: week?.shifted(toWeekday: 1), officeID: officeID, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    /// Records the result of HQ's call to the owner of one sampled ticket.
    public func record(sampleID: Int64, ticketID: Int64, _ result: Result, _ caller: Caller) async throws -> ReturnVisitSample {
        try await runner.perform(caller, .manageReturnVisitSamples) { work in
            guard (1...5).contains(result.satisfaction) else { throw ServiceError.validation([FieldIssue("satisfaction", "must be 1-5")]) }
            let comment = result.comment.trimmingCharacters(in: .whitespacesAndNewlines)
            guard comment.count <= 1000 else { throw ServiceError.validation([FieldIssue("comment", "must have at most 1000 characters")]) }
            guard let sample = try await ReturnVisitSampleRepository.find(id: sampleID, in: work.tx), work.covers(office: sample.officeID)
            else { throw ServiceError.notFound("no return-visit sample with id \(sampleID)") }
            guard try await ReturnVisitSampleRepository.recordResult(
                sample: sample, ticketID: ticketID, visitorID: caller.actor.userID, fixed: result.fixed,
                satisfaction: result.satisfaction, chargeCorrect: result.chargeCorrect, comment: comment, at: work.now, in: work.tx)
            else { throw ServiceError.notFound("ticket \(ticketID) is not in sample \(sampleID)") }
            try await work.audit(AuditEntry(
                action: "return_visit_sample.record", entityType: "return_visit_sample", entityID: "\(sampleID):\(ticketID)",
                officeID: sample.officeID,
                changes: AuditEntry.changes(from: [:], to: [
                    "fixed": String(result.fixed), "satisfaction": String(result.satisfaction),
                    "charge_correct": result.chargeCorrect.map(String.init), "comment": comment.isEmpty ? nil : comment,
                ])))
            guard let updated = try await ReturnVisitSampleRepository.find(id: sampleID, in: work.tx) else {
                throw ServiceError.notFound("no return-visit sample with id \(sampleID)")
            }
            return updated
        }
    }
}
