import Domain
import Foundation
import Persistence

/// Company settings and the working-day calendar (BI-3): read by every staff role,
/// changed by `organization.manage`.
public struct CompanyService: Sendable {
    private let runner: ServiceRunner

    /// The longest range one calendar read may span.
    public static let maximumCalendarSpanDays = 366

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public func company(_ caller: Caller) async throws -> Company {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await CompanyRepository.company(in: work.tx)
        }
    }

    public func updateCompany(name: String, timeZone: String, expectedVersion: Int?, _ caller: Caller) async throws -> Company {
        try await runner.perform(caller, .manageOrganization) { work in
            let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
            let timeZone = timeZone.trimmingCharacters(in: .whitespaces)
            var issues: [FieldIssue] = []
            if name.isEmpty || name.count > 200 { issues.append(FieldIssue("name", "must have 1-200 characters")) }
            var knownZone = false
            if !timeZone.isEmpty, timeZone.count <= 64 {
                knownZone = try await CompanyRepository.isKnownTimeZone(timeZone, in: work.tx)
            }
            if !knownZone {
                issues.append(FieldIssue("timeZone", "must be an IANA time zone such as Asia/Shanghai"))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let before = try await CompanyRepository.company(forUpdate: true, in: work.tx)
            try work.check(version: before.version, expected: expectedVersion)
            let after = try await CompanyRepository.update(name: name, timeZone: timeZone, at: work.now, in: work.tx)
            try await work.audit(.changed("update", from: before, to: after))
            return after
        }
    }

    /// Holidays and make-up workdays between two days, both inclusive (at most 366 days).
    public func calendar(from: LocalDate, to: LocalDate, _ caller: Caller) async throws -> [WorkingCalendar.Exception] {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            guard from <= to, to.daysSinceEpoch - from.daysSinceEpoch < Self.maximumCalendarSpanDays else {
                throw ServiceError.validation([FieldIssue("to", "must be on or after from, at most \(Self.maximumCalendarSpanDays) days later")])
            }
            return try await CompanyRepository.calendarExceptions(from: from, to: to, in: work.tx)
        }
    }

    /// Sets (or replaces) the exception of a day.
    public func setCalendarException(_ exception: WorkingCalendar.Exception, _ caller: Caller) async throws -> WorkingCalendar.Exception {
        try await runner.perform(caller, .manageOrganization) { work in
            let name = exception.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.count > 100 { throw ServiceError.validation([FieldIssue("name", "must have at most 100 characters")]) }
            if let redundancy = exception.redundancy { throw ServiceError.validation([FieldIssue("kind", redundancy)]) }
            let cleaned = WorkingCalendar.Exception(day: exception.day, kind: exception.kind, name: name)
            let before = try await CompanyRepository.calendarException(on: cleaned.day, in: work.tx)
            try await CompanyRepository.setCalendarException(cleaned, in: work.tx)
            try await work.audit(AuditEntry(
                action: "calendar_day.set", entityType: "calendar_day", entityID: cleaned.day.description,
                changes: AuditEntry.changes(
                    from: before.map { ["kind": $0.kind.rawValue, "name": $0.name] } ?? [:],
                    to: ["kind": cleaned.kind.rawValue, "name": cleaned.name])))
            return cleaned
        }
    }

    /// Removes the exception of a day (it follows the Monday-Friday rule again).
    public func deleteCalendarException(on day: LocalDate, _ caller: Caller) async throws {
        try await runner.perform(caller, .manageOrganization) { work in
            guard let before = try await CompanyRepository.calendarException(on: day, in: work.tx),
                  try await CompanyRepository.deleteCalendarException(on: day, in: work.tx)
            else { throw ServiceError.notFound("no calendar exception on \(day)") }
            try await work.audit(AuditEntry(
                action: "calendar_day.delete", entityType: "calendar_day", entityID: day.description,
                changes: AuditEntry.changes(from: ["kind": before.kind.rawValue, "name": before.name], to: [:])))
        }
    }
}
