import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func getCompany(_ input: Operations.GetCompany.Input) async throws -> Operations.GetCompany.Output {
        let company = try await services.company.company(try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(company.version)), body: .json(Self.schema(company))))
    }

    func updateCompany(_ input: Operations.UpdateCompany.Input) async throws -> Operations.UpdateCompany.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let company = try await services.company.updateCompany(
            name: body.name, timeZone: body.timeZone, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(company.version)), body: .json(Self.schema(company))))
    }

    func listCalendarDays(_ input: Operations.ListCalendarDays.Input) async throws -> Operations.ListCalendarDays.Output {
        let days = try await services.company.calendar(
            from: try Self.day(input.query.from, field: "from"), to: try Self.day(input.query.to, field: "to"), try await caller())
        return .ok(.init(body: .json(.init(items: days.map(Self.schema)))))
    }

    func setCalendarDay(_ input: Operations.SetCalendarDay.Input) async throws -> Operations.SetCalendarDay.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let exception = try await services.company.setCalendarException(
            .init(day: try Self.day(input.path.day, field: "day"), kind: body.kind == .holiday ? .holiday : .workday, name: body.name ?? ""),
            try await caller())
        return .ok(.init(body: .json(Self.schema(exception))))
    }

    func deleteCalendarDay(_ input: Operations.DeleteCalendarDay.Input) async throws -> Operations.DeleteCalendarDay.Output {
        try await services.company.deleteCalendarException(on: try Self.day(input.path.day, field: "day"), try await caller())
        return .noContent(.init())
    }

    /// A `YYYY-MM-DD` parameter, or a 422 naming it.
    static func day(_ text: String, field: String) throws -> LocalDate {
        guard let day = LocalDate(iso: text) else { throw ServiceError.validation([FieldIssue(field, "must be a date YYYY-MM-DD")]) }
        return day
    }

    static func schema(_ company: Company) -> Components.Schemas.Company {
        .init(name: company.name, timeZone: company.timeZone, version: company.version)
    }

    static func schema(_ exception: WorkingCalendar.Exception) -> Components.Schemas.CalendarDay {
        .init(day: exception.day.description, kind: exception.kind == .holiday ? .holiday : .workday, name: exception.name)
    }
}
