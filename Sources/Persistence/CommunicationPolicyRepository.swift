import Domain
import Foundation

/// The stored communication deadlines (`liaison.communication_policy`, one row; EXT-2, EXT-6, EXT-7).
public enum CommunicationPolicyRepository {
    private static let columns: SQLQuery = """
        developer_answer_days, developer_answer_unit, report_submission_day, report_submission_unit, report_publication_day,
        report_publication_unit, report_question_window_days, report_question_window_unit, briefing_delivery_day, briefing_delivery_unit,
        consulting_answer_days, consulting_answer_unit, version
        """

    /// The policy in force and its version; the seed's defaults (version 0) if the row is missing.
    public static func current(forUpdate: Bool = false, in tx: Transaction) async throws -> (policy: CommunicationPolicy, version: Int) {
        guard let row = try await tx.query("""
            SELECT \(columns) FROM liaison.communication_policy WHERE id = 1 \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first
        else { return (.seedDefaults, 0) }
        return try decode(row)
    }

    /// Writes the policy and bumps the version.
    public static func save(_ policy: CommunicationPolicy, in tx: Transaction) async throws -> (policy: CommunicationPolicy, version: Int) {
        try decode(try await tx.query("""
            UPDATE liaison.communication_policy SET
                developer_answer_days = \(policy.developerAnswer.days), developer_answer_unit = \(policy.developerAnswer.unit),
                report_submission_day = \(policy.reportSubmission.number), report_submission_unit = \(policy.reportSubmission.unit),
                report_publication_day = \(policy.reportPublication.number), report_publication_unit = \(policy.reportPublication.unit),
                report_question_window_days = \(policy.reportQuestionWindow.days), report_question_window_unit = \(policy.reportQuestionWindow.unit),
                briefing_delivery_day = \(policy.briefingDelivery.number), briefing_delivery_unit = \(policy.briefingDelivery.unit),
                consulting_answer_days = \(policy.consultingReportAnswer.days), consulting_answer_unit = \(policy.consultingReportAnswer.unit),
                version = version + 1
            WHERE id = 1
            RETURNING \(columns)
            """).single())
    }

    static func decode(_ row: PostgresRow) throws -> (policy: CommunicationPolicy, version: Int) {
        func days(_ name: String) throws -> DaysAfter {
            let count: Int = try row.decode("\(name)_days")
            let unit: String = try row.decode("\(name)_unit")
            guard let value = DaysAfter(count, unit: unit) else {
                throw PersistenceError(kind: .decoding, message: "unknown unit \(unit)", column: "\(name)_unit")
            }
            return value
        }
        func day(_ name: String) throws -> DayOfMonth {
            let number: Int = try row.decode("\(name)_day")
            let unit: String = try row.decode("\(name)_unit")
            guard let value = DayOfMonth(number, unit: unit) else {
                throw PersistenceError(kind: .decoding, message: "unknown unit \(unit)", column: "\(name)_unit")
            }
            return value
        }
        return (
            CommunicationPolicy(
                developerAnswer: try days("developer_answer"), reportSubmission: try day("report_submission"),
                reportPublication: try day("report_publication"), reportQuestionWindow: try days("report_question_window"),
                briefingDelivery: try day("briefing_delivery"), consultingReportAnswer: try days("consulting_answer")),
            try row.decode("version"))
    }
}
