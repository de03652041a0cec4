import Domain
import Foundation

/// Consulting projects and their resident consultants (`liaison.consulting_project`, EXT-7).
public enum ConsultingProjectRepository {
    private static let columns: SQLQuery = """
        p.id, p.name, p.developer_id, p.started_on, p.ended_on, p.created_by, p.version,
        coalesce((SELECT array_agg(c.user_id ORDER BY c.user_id) FROM liaison.consulting_project_consultant c WHERE c.project_id = p.id), '{}')
            AS consultant_ids
        """

    public static func insert(_ project: ConsultingProject, at now: Date, in tx: Transaction) async throws -> ConsultingProject {
        let id: Int64 = try await tx.query("""
            INSERT INTO liaison.consulting_project (name, developer_id, started_on, ended_on, created_by, created_at)
            VALUES (\(project.name), \(project.developerID), \(project.startedOn), \(project.endedOn), \(project.createdBy), \(now))
            RETURNING id
            """).single().decode("id")
        try await replaceConsultants(of: id, with: project.consultantIDs, in: tx)
        return try await find(id: id, in: tx)!
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> ConsultingProject? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.consulting_project p WHERE p.id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` projects after `afterID` in id order; `active` as of `today`.
    public static func list(
        developerID: Int64?, active: Bool?, consultantID: Int64?, today: LocalDate, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [ConsultingProject] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.consulting_project p
            WHERE p.id > \(afterID ?? 0) AND (\(developerID)::bigint IS NULL OR p.developer_id = \(developerID))
              AND (\(active)::boolean IS NULL OR (p.started_on <= \(today) AND (p.ended_on IS NULL OR p.ended_on >= \(today))) = \(active))
              AND (\(consultantID)::bigint IS NULL OR EXISTS (
                   SELECT 1 FROM liaison.consulting_project_consultant c WHERE c.project_id = p.id AND c.user_id = \(consultantID)))
            ORDER BY p.id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Writes name, consultants and end day, and bumps the version.
    public static func update(_ project: ConsultingProject, in tx: Transaction) async throws -> ConsultingProject {
        try await tx.execute("""
            UPDATE liaison.consulting_project SET name = \(project.name), ended_on = \(project.endedOn), version = version + 1
            WHERE id = \(project.id)
            """)
        try await replaceConsultants(of: project.id, with: project.consultantIDs, in: tx)
        return try await find(id: project.id, in: tx)!
    }

    private static func replaceConsultants(of projectID: Int64, with userIDs: [Int64], in tx: Transaction) async throws {
        try await tx.execute("""
            DELETE FROM liaison.consulting_project_consultant WHERE project_id = \(projectID) AND NOT (user_id = ANY (\(userIDs)::bigint[]))
            """)
        try await tx.execute("""
            INSERT INTO liaison.consulting_project_consultant (project_id, user_id)
            SELECT \(projectID), u FROM unnest(\(userIDs)::bigint[]) AS u ON CONFLICT DO NOTHING
            """)
    }

    /// Which of `userIDs` are active staff with the CONSULTANT role (resident consultants must be).
    public static func consultants(among userIDs: [Int64], in tx: Transaction) async throws -> Set<Int64> {
        Set(try await tx.query("""
            SELECT u.id FROM liaison.staff_user u JOIN liaison.staff_user_role r ON r.user_id = u.id AND r.role = 'CONSULTANT'
            WHERE u.active AND u.id = ANY (\(userIDs)::bigint[])
            """).map { try $0.decode("id") as Int64 })
    }

    static func decode(_ row: PostgresRow) throws -> ConsultingProject {
        ConsultingProject(
            id: try row.decode("id"), name: try row.decode("name"), developerID: try row.decode("developer_id"),
            consultantIDs: try row.decode("consultant_ids"), startedOn: try row.decode("started_on"), endedOn: try row.decode("ended_on"),
            createdBy: try row.decode("created_by"), version: try row.decode("version"))
    }
}
