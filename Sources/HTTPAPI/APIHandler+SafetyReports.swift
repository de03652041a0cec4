import APIContract
import Domain
import Foundation
import Services

// Safety observation reports (SAF-4/5): units' monthly summaries and the company's bulletins, in the approval workflow.
extension APIHandler {
    func listSafetyReports(_ input: Operations.ListSafetyReports.Input) async throws -> Operations.ListSafetyReports.Output {
        let query = input.query
        let page = try await services.safetyReports.list(
            officeID: query.officeId, kind: try query.kind.map { try Self.wire($0) }, status: try query.status.map { try Self.wire($0) },
            try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map { try Self.schema($0, decisions: nil) }, nextCursor: page.nextCursor))))
    }

    func writeSafetyReport(_ input: Operations.WriteSafetyReport.Input) async throws -> Operations.WriteSafetyReport.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let kind: SafetyReport.Kind = try Self.wire(body.kind)
        guard let period = KPIPeriod(kind.periodKind, label: body.period) else {
            let example = switch kind {
            case .monthlySummary: "2026-11"
            case .quarterlyBulletin: "2026-Q4"
            case .semiannualBulletin: "2026-H2"
            }
            throw ServiceError.validation([FieldIssue("period", "is a period like \(example)")])
        }
        let unit = (body.officeId == nil && body.departmentId == nil)
            ? nil : try Self.safetyUnit(officeID: body.officeId, departmentID: body.departmentId)
        let view = try await services.safetyReports.write(
            kind: kind, unit: unit, period: period, title: body.title, body: body.body ?? "", try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.report.version)), body: .json(try Self.schema(view))))
    }

    func getSafetyReport(_ input: Operations.GetSafetyReport.Input) async throws -> Operations.GetSafetyReport.Output {
        let view = try await services.safetyReports.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.report.version)), body: .json(try Self.schema(view))))
    }

    func reviseSafetyReport(_ input: Operations.ReviseSafetyReport.Input) async throws -> Operations.ReviseSafetyReport.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.safetyReports.revise(
            id: input.path.id, title: body.title, body: body.body ?? "", expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.report.version)), body: .json(try Self.schema(view))))
    }

    func decideSafetyReport(_ input: Operations.DecideSafetyReport.Input) async throws -> Operations.DecideSafetyReport.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.safetyReports.decide(
            id: input.path.id, try Self.wire(body.decision), comment: body.comment, expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.report.version)), body: .json(try Self.schema(view))))
    }

    static func schema(_ view: SafetyReportService.View) throws -> Components.Schemas.SafetyReport {
        try schema(view.report, decisions: view.decisions)
    }

    static func schema(_ report: SafetyReport, decisions: [DocumentDecision]?) throws -> Components.Schemas.SafetyReport {
        .init(
            id: report.id, kind: try wire(report.kind), officeId: report.unit?.officeID, departmentId: report.unit?.departmentID,
            period: report.period.label, title: report.title, body: report.body, figures: report.figures, status: try wire(report.state.status),
            waitingFor: report.state.step.map { report.kind.flow.steps[$0].name }, submittedAt: report.submittedAt,
            publishedAt: report.publishedAt, createdBy: report.createdBy, createdAt: report.createdAt, version: report.version,
            decisions: try decisions?.map(schema))
    }
}
