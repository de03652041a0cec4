import Domain
import Foundation
import Persistence

extension ServiceWork {
    /// The active estate `estateID` of office `officeID`, for a record about to be written there.
    /// The office first: another office's records are invisible, so checking the estate first
    /// would misname the field.
    func activeEstate(_ estateID: Int64, ofOffice officeID: Int64) async throws -> Estate {
        try await checkActive(office: officeID)
        guard let estate = try await EstateRepository.find(estateID: estateID, in: tx), estate.officeID == officeID, estate.archivedAt == nil
        else { throw ServiceError.validation([FieldIssue("estateId", "no active estate with this id in the office")]) }
        return estate
    }

    /// An active office the caller covers, for a record about to be written there (422 `officeId` otherwise:
    /// another office is as unknown as a missing one).
    func checkActive(office officeID: Int64) async throws {
        guard covers(office: officeID),
              let office = try await OrganizationUnitRepository.find(.office, id: officeID, in: tx), office.archivedAt == nil
        else { throw ServiceError.validation([FieldIssue("officeId", "no active office with this id")]) }
    }

    /// The company's working calendar from the day before `day` through 800 days after it: wide
    /// enough for every deadline counted from `day` (holidays and make-up workdays, BI-3).
    func workingCalendar(around day: LocalDate) async throws -> WorkingCalendar {
        WorkingCalendar(exceptions: try await CompanyRepository.calendarExceptions(
            from: day.adding(days: -1) ?? day, to: day.adding(days: 800) ?? day, in: tx))
    }
}
