/// Logins for BI tools (BI-2): members of `liaison_bi`, which may SELECT the `bi` views and nothing
/// else. Run as a login that may create roles (the one that migrates).
public enum BILoginRepository {
    /// Lowercase letters, digits and `_`, starting with a letter or `_`, at most 63 characters.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLowercase), name.count <= 63 else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }
    }

    /// Creates the login with this password in `liaison_bi`, or, when it exists, sets its password and
    /// grants it `liaison_bi`. Returns whether it was created. Refuses a name outside `isValidName`, and
    /// an existing role that can do more than read (superuser, create roles or databases, bypass RLS).
    public static func grant(login name: String, password: String, in tx: Transaction) async throws -> Bool {
        guard isValidName(name), !password.isEmpty else {
            throw PersistenceError(kind: .invalidValue, message: "a BI login needs a valid name and a password", column: "login")
        }
        let existing = try await tx.query("""
            SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls AS powerful FROM pg_roles WHERE rolname = \(name)
            """).first
        if let existing, try existing.decode("powerful", as: Bool.self) {
            throw PersistenceError(kind: .invalidValue, message: "\(name) is a privileged role, not a BI login", column: "login")
        }
        // DDL takes no parameters: the server quotes the name and password (format %I and %L).
        let row = try await tx.query("""
            SELECT format(CASE WHEN \(existing != nil) THEN 'ALTER ROLE %I LOGIN PASSWORD %L' ELSE 'CREATE ROLE %I LOGIN PASSWORD %L' END,
                          \(name)::text, \(password)::text) AS login,
                   format('GRANT liaison_bi TO %I', \(name)::text) AS membership
            """).single()
        try await tx.execute("\(unescaped: try row.decode("login", as: String.self))")
        try await tx.execute("\(unescaped: try row.decode("membership", as: String.self))")
        return existing == nil
    }
}
