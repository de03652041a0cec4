import Domain
import Foundation

/// Owners' committees (`liaison.owners_committee`) and their members, one committee per estate,
/// under row-level security.
public enum CommitteeRepository {
    public static func find(estateID: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> OwnersCommittee? {
        guard let row = try await tx.query("""
            SELECT office_id, estate_id, name, formed_on, contact_cadence, version FROM liaison.owners_committee WHERE estate_id = \(estateID)
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
            formedOn: try row.decode("formed_on"), members: members,
            contactCadence: try TicketRepository.value(row.decode("contact_cadence"), column: "contact_cadence"), version: try row.decode("version"))
    }

    /// Creates or replaces the committee of an estate and its members.
    public static func save(
        officeID: Int64, estateID: Int64, name: String, formedOn: LocalDate?, members: [OwnersCommittee.Member],
        contactCadence: KPIPeriod.Kind, in tx: Transaction
    ) async throws {
        try await tx.execute("""
            INSERT INTO liaison.owners_committee (office_id, estate_id, name, formed_on, contact_cadence)
            VALUES (\(officeID), \(estateID), \(name), \(formedOn), \(contactCadence.rawValue))
            ON CONFLICT (office_id, estate_id) DO UPDATE
                SET name = excluded.name, formed_on = excluded.formed_on, contact_cadence = excluded.contact_cadence,
                    version = liaison.owners_committee.version + 1
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

    /// The committees of the offices visible (or of one office) with their communications in the
    /// current period of each one's cadence and the last one ever, in estate id order (EXT-5).
    public static func contacts(officeID: Int64?, today: LocalDate, zone: String, in tx: Transaction) async throws -> [CommitteeContact] {
        try await tx.query("""
            SELECT c.office_id, c.estate_id, c.name, c.contact_cadence, p.period_start, p.period_end,
                   (SELECT count(*) FROM liaison.communication_record r
                    WHERE r.office_id = c.office_id AND r.estate_id = c.estate_id AND r.party = 'owners_committee'
                      AND r.occurred_at >= (p.period_start::timestamp AT TIME ZONE \(zone))
                      AND r.occurred_at < (p.period_end::timestamp AT TIME ZONE \(zone))) AS communications,
                   (SELECT max(r.occurred_at) FROM liaison.communication_record r
                    WHERE r.office_id = c.office_id AND r.estate_id = c.estate_id AND r.party = 'owners_committee') AS last_contact_at
            FROM liaison.owners_committee c
            CROSS JOIN LATERAL bi.periods_of(\(today)) p
            WHERE p.period = c.contact_cadence AND (\(officeID)::bigint IS NULL OR c.office_id = \(officeID))
            ORDER BY c.estate_id LIMIT 1000
            """).map { row in
            let cadence: KPIPeriod.Kind = try TicketRepository.value(row.decode("contact_cadence"), column: "contact_cadence")
            let communications: Int64 = try row.decode("communications")
            return CommitteeContact(
                officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"), committeeName: try row.decode("name"),
                period: KPIPeriod(cadence, containing: try row.decode("period_start")), communications: Int(communications),
                lastContactAt: try row.decode("last_contact_at"))
        }
    }
}
