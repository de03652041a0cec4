import Domain
import Foundation

/// Owners and occupants (`liaison.owner`) with their unit links (`liaison.unit_occupant`),
/// under row-level security.
public enum OwnerRepository {
    private static let selectOwner: SQLQuery = """
        SELECT o.id, o.office_id, o.name, o.phone, o.email, o.key_customer, o.note, o.archived_at, o.version,
               coalesce((SELECT array_agg(l.unit_id::text || ':' || l.relation ORDER BY l.unit_id)
                         FROM liaison.unit_occupant l WHERE l.office_id = o.office_id AND l.owner_id = o.id), '{}') AS units
        FROM liaison.owner o
        """

    /// Up to `limit + 1` owners after `afterID`, in id order.
    public static func list(_ filter: OwnerFilter, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [Owner] {
        let pattern = filter.text.map { "%" + EstateRepository.escapeLike($0) + "%" }
        return try await tx.query("""
            \(selectOwner)
            WHERE o.id > \(afterID ?? 0)
              AND (\(filter.officeID)::bigint IS NULL OR o.office_id = \(filter.officeID))
              AND (\(filter.keyCustomer)::boolean IS NULL OR o.key_customer = \(filter.keyCustomer))
              AND (\(pattern)::text IS NULL OR o.name ILIKE \(pattern) OR o.phone ILIKE \(pattern))
              AND (\(filter.includeArchived) OR o.archived_at IS NULL)
              AND (\(filter.unitID)::bigint IS NULL OR EXISTS (
                   SELECT 1 FROM liaison.unit_occupant l WHERE l.office_id = o.office_id AND l.owner_id = o.id AND l.unit_id = \(filter.unitID)))
              AND (\(filter.estateID)::bigint IS NULL OR EXISTS (
                   SELECT 1 FROM liaison.unit_occupant l
                   JOIN liaison.unit u ON u.office_id = l.office_id AND u.id = l.unit_id
                   JOIN liaison.building b ON b.office_id = u.office_id AND b.id = u.building_id
                   WHERE l.office_id = o.office_id AND l.owner_id = o.id AND b.estate_id = \(filter.estateID)))
            ORDER BY o.id LIMIT \(limit + 1)
            """).map(decode)
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> Owner? {
        if forUpdate {
            guard try await tx.query("SELECT 1 FROM liaison.owner WHERE id = \(id) FOR UPDATE").first != nil else { return nil }
        }
        return try await tx.query("\(selectOwner) WHERE o.id = \(id)").first.map(decode)
    }

    public static func insert(
        officeID: Int64, name: String, phone: String, email: String, keyCustomer: Bool, note: String, at now: Date, in tx: Transaction
    ) async throws -> Int64 {
        try await tx.query("""
            INSERT INTO liaison.owner (office_id, name, phone, email, key_customer, note, created_at)
            VALUES (\(officeID), \(name), \(phone), \(email), \(keyCustomer), \(note), \(now))
            RETURNING id
            """).single().decode("id")
    }

    public static func update(
        _ owner: Owner, name: String, phone: String, email: String, keyCustomer: Bool, note: String, archivedAt: Date?, in tx: Transaction
    ) async throws {
        try await tx.execute("""
            UPDATE liaison.owner SET name = \(name), phone = \(phone), email = \(email), key_customer = \(keyCustomer),
                note = \(note), archived_at = \(archivedAt), version = version + 1
            WHERE office_id = \(owner.officeID) AND id = \(owner.id)
            """)
    }

    /// Replaces the owner's unit links. A unit of another office fails on the composite foreign key.
    public static func replaceUnits(ownerID: Int64, officeID: Int64, _ links: [Owner.UnitLink], in tx: Transaction) async throws {
        try await tx.execute("DELETE FROM liaison.unit_occupant WHERE office_id = \(officeID) AND owner_id = \(ownerID)")
        guard !links.isEmpty else { return }
        try await tx.execute("""
            INSERT INTO liaison.unit_occupant (office_id, unit_id, owner_id, relation)
            SELECT \(officeID), unit_id, \(ownerID), relation
            FROM unnest(\(links.map(\.unitID))::bigint[], \(links.map(\.relation.rawValue))::text[]) AS t(unit_id, relation)
            """)
    }

    static func decode(_ row: PostgresRow) throws -> Owner {
        let links: [Owner.UnitLink] = try row.decode("units", as: [String].self).compactMap { text in
            let parts = text.split(separator: ":")
            guard parts.count == 2, let unit = Int64(parts[0]), let relation = Owner.Relation(rawValue: String(parts[1])) else { return nil }
            return Owner.UnitLink(unitID: unit, relation: relation)
        }
        return Owner(
            id: try row.decode("id"), officeID: try row.decode("office_id"), name: try row.decode("name"),
            phone: try row.decode("phone"), email: try row.decode("email"), keyCustomer: try row.decode("key_customer"),
            note: try row.decode("note"), units: links, archivedAt: try row.decode("archived_at"), version: try row.decode("version"))
    }
}
