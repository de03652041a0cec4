/// A unit of the safety observation procedure (seed 004 所属单位): an office (管理处) or an HQ
/// department. A department's records have no office, so only all-offices scopes see them.
public enum SafetyUnit: Sendable, Hashable {
    case office(Int64)
    case department(Int64)

    public var officeID: Int64? {
        if case .office(let id) = self { id } else { nil }
    }

    public var departmentID: Int64? {
        if case .department(let id) = self { id } else { nil }
    }

    /// From the two columns (or request fields) of which exactly one is set; nil otherwise.
    public init?(officeID: Int64?, departmentID: Int64?) {
        switch (officeID, departmentID) {
        case (let office?, nil): self = .office(office)
        case (nil, let department?): self = .department(department)
        default: return nil
        }
    }
}
