import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listReturnVisitSamples(_ input: Operations.ListReturnVisitSamples.Input) async throws -> Operations.ListReturnVisitSamples.Output {
        let page = try await services.returnVisitSamples.list(
            week: try input.query.week.map { try Self.day($0, field: "week") }, officeID: input.query.officeId, try await caller(),
            page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func drawReturnVisitSamples(_ input: Operations.DrawReturnVisitSamples.Input) async throws -> Operations.DrawReturnVisitSamples.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        var rate: Decimal?
        if let text = body.rate {
            guard text.range(of: #"^(0(\.[0-9]{1,3})?|1(\.0{1,3})?)$"#, options: .regularExpression) != nil,
                  let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
            else { throw ServiceError.validation([FieldIssue("rate", "must be a share such as 0.2")]) }
            rate = value
        }
        let samples = try await services.returnVisitSamples.draw(week: try Self.day(body.week, field: "week"), rate: rate, try await caller())
        return .ok(.init(body: .json(.init(items: samples.map(Self.schema)))))
    }

    func recordReturnVisitSampleResult(
        _ input: Operations.RecordReturnVisitSampleResult.Input
    ) async throws -> Operations.RecordReturnVisitSampleResult.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let sample = try await services.returnVisitSamples.record(
            sampleID: input.path.id, ticketID: input.path.ticketId,
            .init(fixed: body.fixed, satisfaction: body.satisfaction, chargeCorrect: body.chargeCorrect, comment: body.comment ?? ""),
            try await caller())
        return .ok(.init(body: .json(Self.schema(sample))))
    }

    static func schema(_ sample: ReturnVisitSample) -> Components.Schemas.ReturnVisitSample {
        .init(
            id: sample.id, officeId: sample.officeID, weekStart: sample.weekStart.description, rate: "\(sample.rate)",
            population: sample.population,
            items: sample.items.map { item in
                .init(
                    ticketId: item.ticketID, ticketNumber: item.ticketNumber, visitedAt: item.visitedAt, visitorId: item.visitorID,
                    fixed: item.fixed, satisfaction: item.satisfaction, chargeCorrect: item.chargeCorrect, comment: item.comment)
            })
    }
}
