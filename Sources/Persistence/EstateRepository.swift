import Domain
import Foundation

/// Estates (`liaison.estate`) with their buildings and units: one aggregate.
/// Row-level security narrows every statement to the offices the transaction's actor may see.
public enum EstateRepository {
    private static let estateColumns: SQLQuery = "id, office_id, code, name, kind, address, developer_id, archived_at, version"

    /// Up to `limit + 1` estates after `afterID`, in id order.
    public static func list(_ filter: EstateFilter, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [Estate] {
        let pattern = filter.text.map { "%" + escapeLike($0) + "%" }
        return try await tx.query("""
            SELECT \(estateColumns) FROM liaison.estate
            WHERE id > \(afterID ?? 0)
              AND (\(filter.officeID)::bigint IS NULL OR office_id = \(filter.officeID))
              AND (\(filter.kind?.rawValue)::text IS NULL OR kind = \(filter.kind?.rawValue))
              AND (\(pattern)::text IS NULL OR code ILIKE \(pattern) OR name ILIKE \(pattern))
              AND (\(filter.includeArchived) OR archived_at IS NULL)
            ORDER BY id LIMIT \(limit + 1)
            """).map(decodeEstate)
    }

    public static func find(estateID: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> Estate? {
        try await tx.query("""
            SELECT \(estateColumns) FROM liaison.estate WHERE id = \(estateID) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeEstate)
    }

    public static func insert(
        officeID: Int64, code: String, name: String, kind: Estate.Kind, address: String, developerID: Int64?, at now: Date,
        in tx: Transaction
    ) async throws -> Estate {
        try decodeEstate(try await tx.query("""
            INSERT INTO liaison.estate (office_id, code, name, kind, address, developer_id, created_at)
            VALUES (\(officeID), \(code), \(name), \(kind.rawValue), \(address), \(developerID), \(now))
            RETURNING \(estateColumns)
            """).single())
    }

    /// Writes every mutable field and bumps the version.
    public static func update(
        _ estate: Estate, code: String, name: String, kind: Estate.Kind, address: String, developerID: Int64?, archivedAt: Date?,
        in tx: Transaction
    ) async throws -> Estate {
        try decodeEstate(try await tx.query("""
            UPDATE liaison.estate SET code = \(code), name = \(name), kind = \(kind.rawValue), address = \(address),
                developer_id = \(developerID), archived_at = \(archivedAt), version = version + 1
            WHERE office_id = \(estate.officeID) AND id = \(estate.id)
            RETURNING \(estateColumns)
            """).single())
    }

    // MARK: Buildings

    private static let buildingColumns: SQLQuery = "id, office_id, estate_id, name, archived_at, version"
    private static let unitColumns: SQLQuery = "id, office_id, building_id, number, floor, area_sqm, archived_at, version"

    public static func buildings(
        estateID: Int64, includeArchived: Bool, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [Building] {
        try await tx.query("""
            SELECT \(buildingColumns) FROM liaison.building
            WHERE estate_id = \(estateID) AND id > \(afterID ?? 0) AND (\(includeArchived) OR archived_at IS NULL)
            ORDER BY id LIMIT \(limit + 1)
            """).map(decodeBuilding)
    }

    public static func find(buildingID: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> Building? {
        try await tx.query("""
            SELECT \(buildingColumns) FROM liaison.building WHERE id = \(buildingID) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeBuilding)
    }

    public static func insertBuilding(estate: Estate, name: String, at now: Date, in tx: Transaction) async throws -> Building {
        try decodeBuilding(try await tx.query("""
            INSERT INTO liaison.building (office_id, estate_id, name, created_at) VALUES (\(estate.officeID), \(estate.id), \(name), \(now))
            RETURNING \(buildingColumns)
            """).single())
    }

    /// Writes the name and archive time and bumps the version.
    public static func update(_ building: Building, name: String, archivedAt: Date?, in tx: Transaction) async throws -> Building {
        try decodeBuilding(try await tx.query("""
            UPDATE liaison.building SET name = \(name), archived_at = \(archivedAt), version = version + 1
            WHERE office_id = \(building.officeID) AND id = \(building.id)
            RETURNING \(buildingColumns)
            """).single())
    }

    /// How many units of the building are not archived.
    public static func activeUnitCount(buildingID: Int64, in tx: Transaction) async throws -> Int {
        try await tx.query("""
            SELECT count(*) AS n FROM liaison.unit WHERE building_id = \(buildingID) AND archived_at IS NULL
            """).single().decode("n", as: Int.self)
    }

    // MARK: Units

    /// Units of an estate (optionally of one building), in id order.
    public static func units(
        estateID: Int64, buildingID: Int64?, includeArchived: Bool, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [EstateUnit] {
        try await tx.query("""
            SELECT u.id, u.office_id, u.building_id, u.number, u.floor, u.area_sqm, u.archived_at, u.version
            FROM liaison.unit u JOIN liaison.building b ON b.office_id = u.office_id AND b.id = u.building_id
            WHERE b.estate_id = \(estateID) AND (\(buildingID)::bigint IS NULL OR u.building_id = \(buildingID))
              AND u.id > \(afterID ?? 0) AND (\(includeArchived) OR u.archived_at IS NULL)
            ORDER BY u.id LIMIT \(limit + 1)
            """).map(decodeUnit)
    }

    public static func find(unitID: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> EstateUnit? {
        try await tx.query("""
            SELECT \(unitColumns) FROM liaison.unit WHERE id = \(unitID) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeUnit)
    }

    /// Writes every mutable field and bumps the version.
    public static func update(
        _ unit: EstateUnit, number: String, floor: Int?, areaSqm: Decimal?, archivedAt: Date?, in tx: Transaction
    ) async throws -> EstateUnit {
        try decodeUnit(try await tx.query("""
            UPDATE liaison.unit SET number = \(number), floor = \(floor), area_sqm = \(areaSqm), archived_at = \(archivedAt),
                version = version + 1
            WHERE office_id = \(unit.officeID) AND id = \(unit.id)
            RETURNING \(unitColumns)
            """).single())
    }

    /// Adds units to a building in one statement; a repeated number fails the whole call (unit_number_key).
    public static func insertUnits(
        building: Building, numbers: [String], floors: [Int?], areas: [Decimal?], at now: Date, in tx: Transaction
    ) async throws -> [EstateUnit] {
        // Arrays of optionals travel as text arrays with empty strings for "none".
        let floorTexts = floors.map { $0.map(String.init) ?? "" }
        let areaTexts = areas.map { $0.map { "\($0)" } ?? "" }
        return try await tx.query("""
            INSERT INTO liaison.unit (office_id, building_id, number, floor, area_sqm, created_at)
            SELECT \(building.officeID), \(building.id), n, nullif(f, '')::integer, nullif(a, '')::numeric, \(now)
            FROM unnest(\(numbers)::text[], \(floorTexts)::text[], \(areaTexts)::text[]) WITH ORDINALITY AS t(n, f, a, position)
            ORDER BY position
            RETURNING \(unitColumns)
            """).map(decodeUnit)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func decodeEstate(_ row: PostgresRow) throws -> Estate {
        let kindText: String = try row.decode("kind")
        guard let kind = Estate.Kind(rawValue: kindText) else {
            throw PersistenceError(kind: .decoding, message: "unknown estate kind \(kindText)", column: "kind")
        }
        return Estate(
            id: try row.decode("id"), officeID: try row.decode("office_id"), code: try row.decode("code"),
            name: try row.decode("name"), kind: kind, address: try row.decode("address"),
            developerID: try row.decode("developer_id"), archivedAt: try row.decode("archived_at"), version: try row.decode("version"))
    }

    static func decodeBuilding(_ row: PostgresRow) throws -> Building {
        Building(
            id: try row.decode("id"), officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"),
            name: try row.decode("name"), archivedAt: try row.decode("archived_at"), version: try row.decode("version"))
    }

    static func decodeUnit(_ row: PostgresRow) throws -> EstateUnit {
        EstateUnit(
            id: try row.decode("id"), officeID: try row.decode("office_id"), buildingID: try row.decode("building_id"),
            number: try row.decode("number"), floor: try row.decode("floor", as: Int32?.self).map(Int.init),
            areaSqm: try row.decode("area_sqm"), archivedAt: try row.decode("archived_at"), version: try row.decode("version"))
    }
}
