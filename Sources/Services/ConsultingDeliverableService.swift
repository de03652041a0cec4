import Domain
import Foundation
import Persistence

/// What consulting projects hand to the developer (EXT-7) and the receipts and feedback forms
/// that come back.
public struct ConsultingDeliverableService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public func record(
        projectID: Int64, kind: ConsultingDeliverable.Kind, title: String, deliveredOn: LocalDate, _ caller: Caller
    ) async throws -> ConsultingDeliverable {
        try await runner.perform(caller, .writeConsulting) { work in
            let project = try await ConsultingProjectService.project(projectID, work)
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            var issues: [FieldIssue] = []
            let title = InputRules.required(title, field: "title", limit: 300, issues: &issues)
            ConsultingProjectService.check(deliveredOn, field: "deliveredOn", of: project, today: today, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let deliverable = try await ConsultingDeliverableRepository.insert(
                ConsultingDeliverable(
                    id: 0, projectID: project.id, kind: kind, title: title, deliveredOn: deliveredOn, deliveredBy: caller.actor.userID,
                    recordedAt: work.now),
                in: work.tx)
            try await work.audit(.created(deliverable))
            return deliverable
        }
    }

    public func recordReceipt(
        id: Int64, receivedOn: LocalDate, receivedBy: String, rating: Int?, feedback: String?, expectedVersion: Int?, _ caller: Caller
    ) async throws -> ConsultingDeliverable {
        try await runner.perform(caller, .writeConsulting) { work in
            guard let before = try await ConsultingDeliverableRepository.find(id: id, forUpdate: true, in: work.tx)
            else { throw ServiceError.notFound("no consulting deliverable with id \(id)") }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.receipt == nil else { throw ServiceError.invalidState("the receipt is already recorded") }
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            var issues: [FieldIssue] = []
            let signer = InputRules.required(receivedBy, field: "receivedBy", limit: 200, issues: &issues)
            let comments = InputRules.optional(feedback, field: "feedback", limit: 4000, issues: &issues)
            if receivedOn > today {
                issues.append(FieldIssue("receivedOn", "is in the future"))
            } else if receivedOn < before.deliveredOn {
                issues.append(FieldIssue("receivedOn", "is before the delivery"))
            }
            if let rating, !(1...5).contains(rating) { issues.append(FieldIssue("rating", "is 1-5")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.receipt = .init(receivedOn: receivedOn, receivedBy: signer, rating: rating, feedback: comments, recordedBy: caller.actor.userID)
            after = try await ConsultingDeliverableRepository.saveReceipt(after, in: work.tx)
            try await work.audit(.changed("receipt", from: before, to: after))
            return after
        }
    }

    public func list(
        projectID: Int64, kind: ConsultingDeliverable.Kind?, receipted: Bool?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<ConsultingDeliverable> {
        try await runner.perform(caller, .readConsulting, readOnly: true) { work in
            let project = try await ConsultingProjectService.project(projectID, work)
            let rows = try await ConsultingDeliverableRepository.list(
                projectID: project.id, kind: kind, receipted: receipted, afterID: page.afterID, limit: page.limit, in: work.tx)
            return page.page(from: rows, id: \.id)
        }
    }
}
