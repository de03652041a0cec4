/// Whether an office held its community culture activities in a quarter (INF-6: "每季度至少组织一次社区文化活动").
public struct ActivityCompliance: Sendable, Hashable {
    public let officeID: Int64
    public let officeCode: String
    public let year: Int
    public let quarter: Int
    public let activities: Int
    /// With a written record or a photo.
    public let documented: Int
    public let evaluated: Int
    /// At least the policy's minimum held.
    public let compliant: Bool

    public init(officeID: Int64, officeCode: String, year: Int, quarter: Int, activities: Int, documented: Int, evaluated: Int, compliant: Bool) {
        self.officeID = officeID
        self.officeCode = officeCode
        self.year = year
        self.quarter = quarter
        self.activities = activities
        self.documented = documented
        self.evaluated = evaluated
        self.compliant = compliant
    }
}
