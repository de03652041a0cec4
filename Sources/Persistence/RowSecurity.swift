/// Row-level security scopes set inside a transaction that began without one.
public enum RowSecurity {
    /// Narrows the transaction to one office's rows (`liaison.visible_office`, sql/0003): for a public capability
    /// (a feed or survey link key) that resolved, before any office-scoped read, to a record of that office.
    public static func narrow(toOffice officeID: Int64, in tx: Transaction) async throws {
        try await tx.execute("""
            SELECT set_config('liaison.actor_scope', 'own', true), set_config('liaison.actor_offices', \("{\(officeID)}"), true)
            """)
    }
}
