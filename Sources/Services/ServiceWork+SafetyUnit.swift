import Domain
import Foundation
import Persistence

extension ServiceWork {
    /// Whether the caller may see a unit's safety records: its office, or for a department an all-offices scope.
    func covers(_ unit: SafetyUnit) -> Bool {
        unit.officeID.map(covers(office:)) ?? (scope == .allOffices)
    }

    /// The unit a record is about to be written for: an active office the caller covers, or an
    /// active department for HQ (`hqOnly` says why others may not).
    func checkActive(_ unit: SafetyUnit, hqOnly: String) async throws {
        switch unit {
        case .office(let officeID):
            try await checkActive(office: officeID)
        case .department(let departmentID):
            guard scope == .allOffices else { throw ServiceError.forbiddenHere(hqOnly) }
            guard let department = try await OrganizationUnitRepository.find(.department, id: departmentID, in: tx), department.archivedAt == nil
            else { throw ServiceError.validation([FieldIssue("departmentId", "no active department with this id")]) }
        }
    }
}
