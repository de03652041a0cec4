import Domain
import Foundation

/// Owners' committees (`liaison.owners_committee`) and their members, one committee per estate,
/// under row-level security.
public enum CommitteeRepository {
    public static func find(estateID: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> OwnersCommittee? {
        guard let row = try await tx.query("""
            SELECT office_id, estate_id, name, formed_on, version FROM liaison.owners_committee WHERE estate_id = \(estateID)
            \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first else { return nil }
        let members = try await tx.query("""
            SELECT name, role, phone, owner_id FROM liaison.committee_member WHERE estate_id = \(estateID) ORDER BY position
            """).map { member in
            let roleText: String = try member.decode("role")
            guard let role = OwnersCommittee.Role(rawValue: roleText) else {
                throw PersistenceError(kind: .decoding, message: "unknown committee role \(roleText)", column: "role")
            }
            return OwnersCommittee.Member(
                name: try member.decode("name"), role: role, phone: try member.decode("phone"), ownerID: try member.decode("owner_id"))
        }
        return OwnersCommittee(
            officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"), name: try row.decode("name"),
            formedOn: try row.decode("formed_on"), members: members, version: try row.decode("version"))
    }

    /// Creates or replaces the committee of an estate and its members.
    public static func save(
        officeID: Int64, estateID: Int64, name: String, formedOn: LocalDate?, members: [OwnersCommittee.Member], in tx: Transaction
    ) async throws {
        try await tx.execute("""
            INSERT INTO liaison.owners_committee (office_id, estate_id, name, formed_on) VALUES (\(officeID), \(estateID), \(name), \(formedOn))
            ON CONFLICT (office_id, estate_id) DO UPDATE
                SET name = excluded.name, formed_on = excluded.formed_on, version = liaison.owners_committee.version + 1
            """)
        try await tx.execute("DELETE FROM liaison.committee_member WHERE office_id = \(officeID) AND estate_id = \(estateID)")
        guard !members.isEmpty else { return }
        let owners = members.map { $0.ownerID.map(String.init) ?? "" }
        try await tx.execute("""
            INSERT INTO liaison.committee_member (office_id, estate_id, position, name, role, phone, owner_id)
            SELECT \(officeID), \(estateID), position - 1, name, role, phone, nullif(owner, '')::bigint
            FROM unnest(\(members.map(\.name))::text[], \(members.map(\.role.rawValue))::text[], \(members.map(\.phone))::text[],
                        \(owners)::text[]) WITH ORDINALITY AS t(name, role, phone, owner, position)
            """)
    }
}
