import Domain
import Foundation

/// Survey templates, their versions and questions (`liaison.survey_template*`, `survey_question`, SRV-4).
public enum SurveyTemplateRepository {
    private static let columns: SQLQuery = "id, name, latest_version, created_by, created_at"

    public static func insert(name: String, by userID: Int64, at now: Date, in tx: Transaction) async throws -> SurveyTemplate {
        try decode(try await tx.query("""
            INSERT INTO liaison.survey_template (name, created_by, created_at) VALUES (\(name), \(userID), \(now)) RETURNING \(columns)
            """).single())
    }

    /// Writes version `version` with its questions and makes it the latest.
    public static func insertVersion(
        templateID: Int64, version: Int, questions: [SurveyQuestion], by userID: Int64, at now: Date, in tx: Transaction
    ) async throws -> SurveyTemplateVersion {
        try await tx.execute("""
            INSERT INTO liaison.survey_template_version (template_id, version, created_by, created_at) VALUES (\(templateID), \(version), \(userID), \(now))
            """)
        try await tx.execute("""
            INSERT INTO liaison.survey_question (template_id, version, position, area, kind, text)
            SELECT \(templateID), \(version), p, a, k, t
            FROM unnest(\(questions.map(\.position))::integer[], \(questions.map(\.area.rawValue))::text[], \(questions.map(\.kind.rawValue))::text[],
                        \(questions.map(\.text))::text[]) AS q(p, a, k, t)
            """)
        try await tx.execute("UPDATE liaison.survey_template SET latest_version = \(version) WHERE id = \(templateID)")
        return SurveyTemplateVersion(templateID: templateID, version: version, questions: questions, createdBy: userID, createdAt: now)
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> SurveyTemplate? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.survey_template WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    public static func version(templateID: Int64, version: Int, in tx: Transaction) async throws -> SurveyTemplateVersion? {
        guard let row = try await tx.query("""
            SELECT created_by, created_at FROM liaison.survey_template_version WHERE template_id = \(templateID) AND version = \(version)
            """).first
        else { return nil }
        let questions = try await tx.query("""
            SELECT position, area, kind, text FROM liaison.survey_question
            WHERE template_id = \(templateID) AND version = \(version) ORDER BY position
            """).map { row in
            SurveyQuestion(
                position: try row.decode("position"), area: try TicketRepository.value(try row.decode("area"), column: "area"),
                kind: try TicketRepository.value(try row.decode("kind"), column: "kind"), text: try row.decode("text"))
        }
        return SurveyTemplateVersion(
            templateID: templateID, version: version, questions: questions, createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"))
    }

    /// Up to `limit + 1` templates after `afterID` in id order.
    public static func list(afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [SurveyTemplate] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.survey_template WHERE id > \(afterID ?? 0) ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> SurveyTemplate {
        SurveyTemplate(
            id: try row.decode("id"), name: try row.decode("name"), latestVersion: try row.decode("latest_version"),
            createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"))
    }
}
