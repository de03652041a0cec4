import Domain

extension SafetyUnit {
    /// The unit of a safety record's row: its `office_id` or its `department_id`, exactly one.
    init(row: PostgresRow) throws {
        guard let unit = SafetyUnit(officeID: try row.decode("office_id"), departmentID: try row.decode("department_id"))
        else { throw PersistenceError(kind: .decoding, message: "a safety record without exactly one unit", column: "office_id") }
        self = unit
    }
}
