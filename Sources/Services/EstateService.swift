import Domain
import Foundation
import Persistence

/// Estates, buildings and units (ORG-3). Reading needs `organization.read`,
/// changing `estates.manage`; office roles act only in their own offices, and
/// row-level security enforces the same underneath.
public struct EstateService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct EstateDraft: Sendable {
        public var code: String
        public var name: String
        public var kind: Estate.Kind
        public var address: String
        public var developerID: Int64?

        public init(code: String, name: String, kind: Estate.Kind, address: String = "", developerID: Int64? = nil) {
            self.code = code
            self.name = name
            self.kind = kind
            self.address = address
            self.developerID = developerID
        }
    }

    public struct UnitDraft: Sendable {
        public var number: String
        public var floor: Int?
        public var areaSqm: Decimal?

        public init(number: String, floor: Int? = nil, areaSqm: Decimal? = nil) {
            self.number = number
            self.floor = floor
            self.areaSqm = areaSqm
        }
    }

    /// At most this many units in one request.
    public static let maximumUnitsPerRequest = 500

    static let constraintFields = [
        "estate_code_key": "code", "estate_code_format": "code", "estate_name_not_blank": "name", "estate_kind": "kind",
        "estate_office_fkey": "officeId", "estate_developer_fkey": "developerId", "building_name_key": "name", "building_name_not_blank": "name",
        "unit_number_key": "units", "unit_number_not_blank": "units", "unit_floor_range": "units", "unit_area_positive": "units",
    ]

    // MARK: Estates

    public func listEstates(_ caller: Caller, filter: EstateFilter, page: PageRequest) async throws -> Page<Estate> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            page.page(from: try await EstateRepository.list(filter, afterID: page.afterID, limit: page.limit, in: work.tx), id: \.id)
        }
    }

    public func getEstate(id: Int64, _ caller: Caller) async throws -> Estate {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await Self.estate(id, work: work)
        }
    }

    /// Creates an estate in an office the caller may manage. Another office's id is refused like
    /// an unknown one, so office ids do not leak.
    public func createEstate(officeID: Int64, _ draft: EstateDraft, _ caller: Caller) async throws -> Estate {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            let draft = try Self.validated(draft)
            guard work.covers(office: officeID),
                  let office = try await OrganizationUnitRepository.find(.office, id: officeID, in: work.tx)
            else { throw ServiceError.validation([FieldIssue("officeId", "no office with this id")]) }
            guard office.archivedAt == nil else { throw ServiceError.validation([FieldIssue("officeId", "the office is archived")]) }
            let estate = try await EstateRepository.insert(
                officeID: officeID, code: draft.code, name: draft.name, kind: draft.kind, address: draft.address,
                developerID: draft.developerID, at: work.now, in: work.tx)
            try await work.audit(.created(estate))
            return estate
        }
    }

    public func updateEstate(id: Int64, _ draft: EstateDraft, expectedVersion: Int?, _ caller: Caller) async throws -> Estate {
        try await changeEstate(id: id, expectedVersion: expectedVersion, caller, verb: "update") { estate in
            let draft = try Self.validated(draft)
            return (draft.code, draft.name, draft.kind, draft.address, draft.developerID, estate.archivedAt)
        }
    }

    public func setEstateArchived(id: Int64, archived: Bool, expectedVersion: Int?, _ caller: Caller) async throws -> Estate {
        let at = runner.now()
        return try await changeEstate(id: id, expectedVersion: expectedVersion, caller, verb: archived ? "archive" : "restore") { estate in
            (estate.code, estate.name, estate.kind, estate.address, estate.developerID, archived ? (estate.archivedAt ?? at) : nil)
        }
    }

    private func changeEstate(
        id: Int64, expectedVersion: Int?, _ caller: Caller, verb: String,
        _ next: @Sendable (Estate) throws -> (code: String, name: String, kind: Estate.Kind, address: String, developerID: Int64?, archivedAt: Date?)
    ) async throws -> Estate {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            let before = try await Self.estate(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            let fields = try next(before)
            let after = try await EstateRepository.update(
                before, code: fields.code, name: fields.name, kind: fields.kind, address: fields.address,
                developerID: fields.developerID, archivedAt: fields.archivedAt, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: after))
            return after
        }
    }

    // MARK: Buildings

    public func listBuildings(estateID: Int64, _ caller: Caller, page: PageRequest) async throws -> Page<Building> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            _ = try await Self.estate(estateID, work: work)
            return page.page(
                from: try await EstateRepository.buildings(estateID: estateID, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    public func createBuilding(estateID: Int64, name: String, _ caller: Caller) async throws -> Building {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 100 else { throw ServiceError.validation([FieldIssue("name", "must have 1-100 characters")]) }
            let estate = try await Self.estate(estateID, work: work)
            guard estate.archivedAt == nil else { throw ServiceError.invalidState("the estate is archived") }
            let building = try await EstateRepository.insertBuilding(estate: estate, name: name, at: work.now, in: work.tx)
            try await work.audit(.created(building))
            return building
        }
    }

    // MARK: Units

    public func listUnits(estateID: Int64, buildingID: Int64?, _ caller: Caller, page: PageRequest) async throws -> Page<EstateUnit> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            _ = try await Self.estate(estateID, work: work)
            return page.page(
                from: try await EstateRepository.units(
                    estateID: estateID, buildingID: buildingID, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    /// Adds units to a building: all or none. One audit row names the numbers added.
    public func createUnits(buildingID: Int64, _ drafts: [UnitDraft], _ caller: Caller) async throws -> [EstateUnit] {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            let drafts = try Self.validated(drafts)
            guard let building = try await EstateRepository.find(buildingID: buildingID, in: work.tx), work.covers(office: building.officeID)
            else { throw ServiceError.notFound("no building with id \(buildingID)") }
            guard building.archivedAt == nil else { throw ServiceError.invalidState("the building is archived") }
            let units = try await EstateRepository.insertUnits(
                building: building, numbers: drafts.map(\.number), floors: drafts.map(\.floor), areas: drafts.map(\.areaSqm),
                at: work.now, in: work.tx)
            try await work.audit(AuditEntry(
                action: "building.add_units", entityType: "building", entityID: String(building.id), officeID: building.officeID,
                changes: ["units": .init(before: nil, after: units.map(\.number).joined(separator: ","))]))
            return units
        }
    }

    // MARK: Rules

    /// The estate, if it exists and the caller's scope covers its office; otherwise `notFound`.
    private static func estate(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> Estate {
        guard let estate = try await EstateRepository.find(estateID: id, forUpdate: forUpdate, in: work.tx),
              work.covers(office: estate.officeID)
        else { throw ServiceError.notFound("no estate with id \(id)") }
        return estate
    }

    static func validated(_ draft: EstateDraft) throws -> EstateDraft {
        let cleaned = EstateDraft(
            code: draft.code.trimmingCharacters(in: .whitespaces),
            name: draft.name.trimmingCharacters(in: .whitespacesAndNewlines),
            kind: draft.kind,
            address: draft.address.trimmingCharacters(in: .whitespacesAndNewlines),
            developerID: draft.developerID)
        var issues: [FieldIssue] = []
        if !Estate.isValidCode(cleaned.code) {
            issues.append(FieldIssue("code", "must be 2-16 characters: an upper-case letter, then upper-case letters or digits"))
        }
        if cleaned.name.isEmpty || cleaned.name.count > 200 { issues.append(FieldIssue("name", "must have 1-200 characters")) }
        if cleaned.address.count > 500 { issues.append(FieldIssue("address", "must have at most 500 characters")) }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return cleaned
    }

    static func validated(_ drafts: [UnitDraft]) throws -> [UnitDraft] {
        guard (1...maximumUnitsPerRequest).contains(drafts.count) else {
            throw ServiceError.validation([FieldIssue("units", "must hold 1-\(maximumUnitsPerRequest) units")])
        }
        var issues: [FieldIssue] = []
        var seen: Set<String> = []
        let cleaned = drafts.enumerated().map { index, draft in
            let number = draft.number.trimmingCharacters(in: .whitespaces)
            if number.isEmpty || number.count > 32 { issues.append(FieldIssue("units/\(index)/number", "must have 1-32 characters")) }
            if !seen.insert(number).inserted { issues.append(FieldIssue("units/\(index)/number", "repeats \(number)")) }
            if let floor = draft.floor, !(-10...300).contains(floor) { issues.append(FieldIssue("units/\(index)/floor", "must be -10 to 300")) }
            if let area = draft.areaSqm, area <= 0 || area >= 100_000_000 {
                issues.append(FieldIssue("units/\(index)/areaSqm", "must be positive and below 100000000"))
            }
            return UnitDraft(number: number, floor: draft.floor, areaSqm: draft.areaSqm)
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return cleaned
    }
}
