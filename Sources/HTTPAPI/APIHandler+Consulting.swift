import APIContract
import Domain
import Foundation
import Services

// Consulting projects (EXT-7): projects, work logs, reports, deliverables.
extension APIHandler {
    func listConsultingProjects(_ input: Operations.ListConsultingProjects.Input) async throws -> Operations.ListConsultingProjects.Output {
        let query = input.query
        let page = try await services.consultingProjects.list(
            developerID: query.developerId, active: query.active, consultantID: query.consultantId, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createConsultingProject(_ input: Operations.CreateConsultingProject.Input) async throws -> Operations.CreateConsultingProject.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.consultingProjects.create(
            .init(
                name: body.name, developerID: body.developerId, consultantIDs: body.consultantIds,
                startedOn: try Self.day(body.startedOn, field: "startedOn"), endedOn: try body.endedOn.map { try Self.day($0, field: "endedOn") }),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.project.version)), body: .json(Self.schema(view))))
    }

    func getConsultingProject(_ input: Operations.GetConsultingProject.Input) async throws -> Operations.GetConsultingProject.Output {
        let view = try await services.consultingProjects.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.project.version)), body: .json(Self.schema(view))))
    }

    func updateConsultingProject(_ input: Operations.UpdateConsultingProject.Input) async throws -> Operations.UpdateConsultingProject.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.consultingProjects.update(
            id: input.path.id, name: body.name, consultantIDs: body.consultantIds,
            endedOn: try body.endedOn.map { try Self.day($0, field: "endedOn") }, expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.project.version)), body: .json(Self.schema(view))))
    }

    func listConsultingLogs(_ input: Operations.ListConsultingLogs.Input) async throws -> Operations.ListConsultingLogs.Output {
        let query = input.query
        let page = try await services.consultingProjects.logs(
            projectID: input.path.id, consultantID: query.consultantId, from: try query.from.map { try Self.day($0, field: "from") },
            to: try query.to.map { try Self.day($0, field: "to") }, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func writeConsultingLog(_ input: Operations.WriteConsultingLog.Input) async throws -> Operations.WriteConsultingLog.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let log = try await services.consultingProjects.writeLog(
            projectID: input.path.id, workDay: try Self.day(body.workDay, field: "workDay"), work: body.work,
            clientContact: body.clientContact, documents: body.documents, try await caller())
        return .created(.init(body: .json(Self.schema(log))))
    }

    func getConsultingLogCoverage(_ input: Operations.GetConsultingLogCoverage.Input) async throws -> Operations.GetConsultingLogCoverage.Output {
        let month = try input.query.month.map { label in
            guard let month = KPIPeriod(.month, label: label) else {
                throw ServiceError.validation([FieldIssue("month", "is a month like 2026-10")])
            }
            return month
        }
        let result = try await services.consultingProjects.logCoverage(projectID: input.path.id, month: month, try await caller())
        return .ok(.init(body: .json(.init(
            projectId: input.path.id, month: result.month.label,
            consultants: result.coverage.map {
                .init(consultantId: $0.consultantID, workingDays: $0.workingDays.count, logged: $0.logged, missingDays: $0.missing.map(\.description))
            }))))
    }

    func listConsultingReports(_ input: Operations.ListConsultingReports.Input) async throws -> Operations.ListConsultingReports.Output {
        let query = input.query
        let filter = ConsultingReportFilter(
            kind: try query.kind.map { try Self.wire($0) }, awaiting: try query.awaiting.map { try Self.wire($0) }, overdue: query.overdue)
        let page = try await services.consultingReports.list(
            projectID: input.path.id, filter, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func submitConsultingReport(_ input: Operations.SubmitConsultingReport.Input) async throws -> Operations.SubmitConsultingReport.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.consultingReports.submit(
            projectID: input.path.id, kind: try Self.wire(body.kind), period: body.period, body: body.body, try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.report.version)), body: .json(try Self.schema(view))))
    }

    func answerConsultingReport(_ input: Operations.AnswerConsultingReport.Input) async throws -> Operations.AnswerConsultingReport.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.consultingReports.answer(
            id: input.path.id, answer: body.answer, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.report.version)), body: .json(try Self.schema(view))))
    }

    func deliverConsultingReport(_ input: Operations.DeliverConsultingReport.Input) async throws -> Operations.DeliverConsultingReport.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.consultingReports.deliver(
            id: input.path.id, deliveredTo: body.deliveredTo, mergedSummary: body.mergedSummary,
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.report.version)), body: .json(try Self.schema(view))))
    }

    func listConsultingDeliverables(_ input: Operations.ListConsultingDeliverables.Input) async throws -> Operations.ListConsultingDeliverables.Output {
        let query = input.query
        let page = try await services.consultingDeliverables.list(
            projectID: input.path.id, kind: try query.kind.map { try Self.wire($0) }, receipted: query.receipted, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func recordConsultingDeliverable(_ input: Operations.RecordConsultingDeliverable.Input) async throws -> Operations.RecordConsultingDeliverable.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let deliverable = try await services.consultingDeliverables.record(
            projectID: input.path.id, kind: try Self.wire(body.kind), title: body.title,
            deliveredOn: try Self.day(body.deliveredOn, field: "deliveredOn"), try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(deliverable.version)), body: .json(try Self.schema(deliverable))))
    }

    func recordConsultingDeliverableReceipt(
        _ input: Operations.RecordConsultingDeliverableReceipt.Input
    ) async throws -> Operations.RecordConsultingDeliverableReceipt.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let deliverable = try await services.consultingDeliverables.recordReceipt(
            id: input.path.id, receivedOn: try Self.day(body.receivedOn, field: "receivedOn"), receivedBy: body.receivedBy,
            rating: body.rating, feedback: body.feedback, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(deliverable.version)), body: .json(try Self.schema(deliverable))))
    }

    static func schema(_ view: ConsultingProjectService.View) -> Components.Schemas.ConsultingProject {
        let project = view.project
        return .init(
            id: project.id, name: project.name, developerId: project.developerID, consultantIds: project.consultantIDs,
            startedOn: project.startedOn.description, endedOn: project.endedOn?.description, active: view.active, createdBy: project.createdBy,
            version: project.version)
    }

    static func schema(_ log: ConsultingLog) -> Components.Schemas.ConsultingLog {
        .init(
            id: log.id, projectId: log.projectID, consultantId: log.consultantID, workDay: log.workDay.description, work: log.work,
            clientContact: log.clientContact, documents: log.documents, recordedAt: log.recordedAt)
    }

    static func schema(_ view: ConsultingReportService.View) throws -> Components.Schemas.ConsultingReport {
        let report = view.report
        return .init(
            id: report.id, projectId: report.projectID, kind: try wire(report.kind), period: report.period.label, body: report.body,
            writtenBy: report.writtenBy, submittedAt: report.submittedAt, awaiting: try report.awaiting.map { try wire($0) },
            answerDueOn: report.answerDeadline?.dueOn.description, overdue: view.overdue, answer: report.answer, answeredBy: report.answeredBy,
            answeredAt: report.answeredAt, answeredOnTime: view.answeredOnTime, mergedSummary: report.mergedSummary,
            deliveredTo: report.deliveredTo, deliveredBy: report.deliveredBy, deliveredAt: report.deliveredAt, version: report.version)
    }

    static func schema(_ deliverable: ConsultingDeliverable) throws -> Components.Schemas.ConsultingDeliverable {
        .init(
            id: deliverable.id, projectId: deliverable.projectID, kind: try wire(deliverable.kind), title: deliverable.title,
            deliveredOn: deliverable.deliveredOn.description, deliveredBy: deliverable.deliveredBy, recordedAt: deliverable.recordedAt,
            receipted: deliverable.receipt != nil, receivedOn: deliverable.receipt?.receivedOn.description,
            receivedBy: deliverable.receipt?.receivedBy, rating: deliverable.receipt?.rating, feedback: deliverable.receipt?.feedback,
            version: deliverable.version)
    }
}
