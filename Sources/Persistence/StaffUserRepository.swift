import Foundation
import Domain

/// Staff accounts (`liaison.staff_user` with its roles and office memberships).
public enum StaffUserRepository {
    /// The columns every read selects: the user and its aggregated roles and offices (`decode` reads them). Not the
    /// password hash: the session lookup of every request selects these, and only login and a password change need it.
    static let selectUser: SQLQuery = """
        SELECT u.id, u.username, u.display_name, u.department_id, u.active, u.version,
               coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM liaison.staff_user_role r WHERE r.user_id = u.id), '{}') AS roles,
               coalesce((SELECT array_agg(o.office_id ORDER BY o.office_id) FROM liaison.staff_user_office o WHERE o.user_id = u.id), '{}') AS office_ids
        FROM liaison.staff_user u
        """

    /// The user and its password hash, for login; nil if no such username.
    public static func findForLogin(username: String, in tx: Transaction) async throws -> (user: StaffUser, passwordHash: String)? {
        guard let row = try await tx.query("\(selectUser) WHERE u.username = \(username)").first,
              let hash = try await passwordHash(userID: try row.decode("id"), in: tx)
        else { return nil }
        return (try decode(row), hash)
    }

    /// The user with this id, or nil.
    public static func find(id: Int64, in tx: Transaction) async throws -> StaffUser? {
        try await tx.query("\(selectUser) WHERE u.id = \(id)").first.map(decode)
    }

    /// The password hash of a user, for checking a password change.
    public static func passwordHash(userID: Int64, in tx: Transaction) async throws -> String? {
        try await tx.query("SELECT password_hash FROM liaison.staff_user WHERE id = \(userID)").first?.decode("password_hash")
    }

    /// Creates a user with its roles and offices.
    public static func insert(
        username: String, displayName: String, passwordHash: String, departmentID: Int64?,
        roles: Set<Role>, officeIDs: Set<Int64>, at now: Date, in tx: Transaction
    ) async throws -> StaffUser {
        let id: Int64 = try await tx.query("""
            INSERT INTO liaison.staff_user (username, display_name, password_hash, department_id, password_changed_at, created_at)
            VALUES (\(username), \(displayName), \(passwordHash), \(departmentID), \(now), \(now))
            RETURNING id
            """).single().decode("id")
        try await tx.execute("""
            INSERT INTO liaison.staff_user_role (user_id, role) SELECT \(id), unnest(\(roles.map(\.rawValue).sorted())::text[])
            """)
        try await tx.execute("""
            INSERT INTO liaison.staff_user_office (user_id, office_id) SELECT \(id), unnest(\(officeIDs.sorted())::bigint[])
            """)
        guard let user = try await find(id: id, in: tx) else {
            throw PersistenceError(kind: .other, message: "inserted user \(id) is not readable")
        }
        return user
    }

    /// Up to `limit + 1` users after `afterID`, in id order. `onlyOfficeIDs` narrows to members of
    /// those offices (an office manager's view).
    public static func list(
        _ filter: StaffUserFilter, onlyOfficeIDs: [Int64]?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [StaffUser] {
        let pattern = filter.text.map { "%" + EstateRepository.escapeLike($0) + "%" }
        return try await tx.query("""
            \(selectUser)
            WHERE u.id > \(afterID ?? 0)
              AND (\(filter.active)::boolean IS NULL OR u.active = \(filter.active))
              AND (\(pattern)::text IS NULL OR u.username ILIKE \(pattern) OR u.display_name ILIKE \(pattern))
              AND (\(filter.role?.rawValue)::text IS NULL
                   OR EXISTS (SELECT 1 FROM liaison.staff_user_role r WHERE r.user_id = u.id AND r.role = \(filter.role?.rawValue)))
              AND (\(filter.officeID)::bigint IS NULL
                   OR EXISTS (SELECT 1 FROM liaison.staff_user_office o WHERE o.user_id = u.id AND o.office_id = \(filter.officeID)))
              AND (\(onlyOfficeIDs == nil) OR EXISTS (
                   SELECT 1 FROM liaison.staff_user_office o WHERE o.user_id = u.id AND o.office_id = ANY (\(onlyOfficeIDs ?? [])::bigint[])))
            ORDER BY u.id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Locks the user row for a change.
    public static func lock(id: Int64, in tx: Transaction) async throws -> StaffUser? {
        guard try await tx.query("SELECT id FROM liaison.staff_user WHERE id = \(id) FOR UPDATE").first != nil else { return nil }
        return try await find(id: id, in: tx)
    }

    /// Replaces the user's profile, roles and offices, and bumps the version.
    public static func update(
        id: Int64, displayName: String, departmentID: Int64?, active: Bool, roles: Set<Role>, officeIDs: Set<Int64>, in tx: Transaction
    ) async throws -> StaffUser {
        try await tx.execute("""
            UPDATE liaison.staff_user SET display_name = \(displayName), department_id = \(departmentID), active = \(active),
                version = version + 1
            WHERE id = \(id)
            """)
        try await tx.execute("""
            DELETE FROM liaison.staff_user_role WHERE user_id = \(id) AND role <> ALL (\(roles.map(\.rawValue).sorted())::text[])
            """)
        try await tx.execute("""
            INSERT INTO liaison.staff_user_role (user_id, role) SELECT \(id), unnest(\(roles.map(\.rawValue).sorted())::text[])
            ON CONFLICT DO NOTHING
            """)
        try await tx.execute("""
            DELETE FROM liaison.staff_user_office WHERE user_id = \(id) AND office_id <> ALL (\(officeIDs.sorted())::bigint[])
            """)
        try await tx.execute("""
            INSERT INTO liaison.staff_user_office (user_id, office_id) SELECT \(id), unnest(\(officeIDs.sorted())::bigint[])
            ON CONFLICT DO NOTHING
            """)
        guard let user = try await find(id: id, in: tx) else {
            throw PersistenceError(kind: .other, message: "updated user \(id) is not readable")
        }
        return user
    }

    /// Replaces the password hash and bumps the version.
    public static func updatePasswordHash(userID: Int64, hash: String, at now: Date, in tx: Transaction) async throws {
        try await tx.execute("""
            UPDATE liaison.staff_user SET password_hash = \(hash), password_changed_at = \(now), version = version + 1
            WHERE id = \(userID)
            """)
    }

    /// The id of an office by its code, or nil.
    public static func officeID(code: String, in tx: Transaction) async throws -> Int64? {
        try await tx.query("SELECT id FROM liaison.office WHERE code = \(code)").first?.decode("id")
    }

    /// The id of a department by its code, or nil.
    public static func departmentID(code: String, in tx: Transaction) async throws -> Int64? {
        try await tx.query("SELECT id FROM liaison.department WHERE code = \(code)").first?.decode("id")
    }

    static func decode(_ row: PostgresRow) throws -> StaffUser {
        let roleCodes: [String] = try row.decode("roles")
        return StaffUser(
            id: try row.decode("id"),
            username: try row.decode("username"),
            displayName: try row.decode("display_name"),
            departmentID: try row.decode("department_id"),
            officeIDs: Set(try row.decode("office_ids", as: [Int64].self)),
            roles: Set(roleCodes.compactMap(Role.init(rawValue:))),
            active: try row.decode("active"),
            version: try row.decode("version")
        )
    }
}
