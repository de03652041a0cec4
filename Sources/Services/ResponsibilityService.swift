import Domain
import Foundation
import Persistence

/// The responsibility table of an office (ORG-7): read with `organization.read`,
/// set with `responsibilities.manage` (the office manager in its own office; QUALITY and
/// leadership anywhere).
public struct ResponsibilityService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public func list(officeID: Int64, _ caller: Caller) async throws -> [Responsibility] {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await Self.requireOffice(officeID, work: work)
            return try await ResponsibilityRepository.list(officeID: officeID, in: work.tx)
        }
    }

    /// Sets who answers a category in an office. The default person must be an active member of the office.
    public func set(
        officeID: Int64, category: TicketCategory, team: OfficeTeam, defaultUserID: Int64?, expectedVersion: Int?, _ caller: Caller
    ) async throws -> Responsibility {
        try await runner.perform(caller, .manageResponsibilities) { work in
            try await Self.requireOffice(officeID, work: work)
            if let defaultUserID {
                let user = try await StaffUserRepository.find(id: defaultUserID, in: work.tx)
                guard let user, user.active, user.officeIDs.contains(officeID) else {
                    throw ServiceError.validation([FieldIssue("defaultUserId", "must be an active member of the office")])
                }
            }
            let before = try await ResponsibilityRepository.find(officeID: officeID, category: category, forUpdate: true, in: work.tx)
            if let before { try work.check(version: before.version, expected: expectedVersion) }
            let after = try await ResponsibilityRepository.upsert(
                officeID: officeID, category: category, team: team, defaultUserID: defaultUserID, at: work.now, in: work.tx)
            try await work.audit(before.map { .changed("update", from: $0, to: after) } ?? .created(after))
            return after
        }
    }

    /// The office, if the caller's scope covers it and it exists; otherwise `notFound`.
    private static func requireOffice(_ officeID: Int64, work: ServiceWork) async throws {
        guard work.covers(office: officeID), try await OrganizationUnitRepository.find(.office, id: officeID, in: work.tx) != nil
        else { throw ServiceError.notFound("no office with id \(officeID)") }
    }
}
