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
    /// The same constraints named as the fields of a single unit's update.
    static let unitFields = [
        "unit_number_key": "number", "unit_number_not_blank": "number", "unit_floor_range": "floor", "unit_area_positive": "areaSqm",
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

    public func listBuildings(estateID: Int64, includeArchived: Bool = false, _ caller: Caller, page: PageRequest) async throws -> Page<Building> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            _ = try await Self.estate(estateID, work: work)
            return page.page(
                from: try await EstateRepository.buildings(
                    estateID: estateID, includeArchived: includeArchived, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    public func getBuilding(id: Int64, _ caller: Caller) async throws -> Building {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await Self.building(id, work: work)
        }
    }

    public func renameBuilding(id: Int64, name: String, expectedVersion: Int?, _ caller: Caller) async throws -> Building {
        try await changeBuilding(id: id, expectedVersion: expectedVersion, caller, verb: "update") { building, _ in
            (try Self.validatedBuildingName(name), building.archivedAt)
        }
    }

    /// Archives or restores a building. A building with active units stays (archive its units first, so
    /// nothing an owner is linked to disappears by accident); a building of an archived estate cannot be restored.
    public func setBuildingArchived(id: Int64, archived: Bool, expectedVersion: Int?, _ caller: Caller) async throws -> Building {
        let at = runner.now()
        return try await changeBuilding(id: id, expectedVersion: expectedVersion, caller, verb: archived ? "archive" : "restore") { building, work in
            if archived, building.archivedAt == nil {
                let active = try await EstateRepository.activeUnitCount(buildingID: building.id, in: work.tx)
                guard active == 0 else { throw ServiceError.invalidState("the building has \(active) active units; archive them first") }
            }
            if !archived, building.archivedAt != nil, try await Self.estate(building.estateID, work: work).archivedAt != nil {
                throw ServiceError.invalidState("the estate is archived; restore it first")
            }
            return (building.name, archived ? (building.archivedAt ?? at) : nil)
        }
    }

    private func changeBuilding(
        id: Int64, expectedVersion: Int?, _ caller: Caller, verb: String,
        _ next: @Sendable (Building, ServiceWork) async throws -> (name: String, archivedAt: Date?)
    ) async throws -> Building {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            let before = try await Self.building(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            let fields = try await next(before, work)
            let after = try await EstateRepository.update(before, name: fields.name, archivedAt: fields.archivedAt, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: after))
            return after
        }
    }

    public func createBuilding(estateID: Int64, name: String, _ caller: Caller) async throws -> Building {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            let name = try Self.validatedBuildingName(name)
            let estate = try await Self.estate(estateID, work: work)
            guard estate.archivedAt == nil else { throw ServiceError.invalidState("the estate is archived") }
            let building = try await EstateRepository.insertBuilding(estate: estate, name: name, at: work.now, in: work.tx)
            try await work.audit(.created(building))
            return building
        }
    }

    // MARK: Units

    public func listUnits(
        estateID: Int64, buildingID: Int64?, includeArchived: Bool = false, _ caller: Caller, page: PageRequest
    ) async throws -> Page<EstateUnit> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            _ = try await Self.estate(estateID, work: work)
            return page.page(
                from: try await EstateRepository.units(
                    estateID: estateID, buildingID: buildingID, includeArchived: includeArchived, afterID: page.afterID,
                    limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    public func getUnit(id: Int64, _ caller: Caller) async throws -> EstateUnit {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await Self.unit(id, work: work)
        }
    }

    /// Replaces a unit's number, floor and area; it stays in its building.
    public func updateUnit(id: Int64, _ draft: UnitDraft, expectedVersion: Int?, _ caller: Caller) async throws -> EstateUnit {
        try await changeUnit(id: id, expectedVersion: expectedVersion, caller, verb: "update") { unit, _ in
            let draft = try Self.validated(draft, field: "")
            return (draft.number, draft.floor, draft.areaSqm, unit.archivedAt)
        }
    }

    /// Archives or restores a unit; a unit of an archived building cannot be restored.
    public func setUnitArchived(id: Int64, archived: Bool, expectedVersion: Int?, _ caller: Caller) async throws -> EstateUnit {
        let at = runner.now()
        return try await changeUnit(id: id, expectedVersion: expectedVersion, caller, verb: archived ? "archive" : "restore") { unit, work in
            if !archived, unit.archivedAt != nil, try await Self.building(unit.buildingID, work: work).archivedAt != nil {
                throw ServiceError.invalidState("the building is archived; restore it first")
            }
            return (unit.number, unit.floor, unit.areaSqm, archived ? (unit.archivedAt ?? at) : nil)
        }
    }

    private func changeUnit(
        id: Int64, expectedVersion: Int?, _ caller: Caller, verb: String,
        _ next: @Sendable (EstateUnit, ServiceWork) async throws -> (number: String, floor: Int?, areaSqm: Decimal?, archivedAt: Date?)
    ) async throws -> EstateUnit {
        try await runner.perform(caller, .manageEstates, fields: Self.unitFields) { work in
            let before = try await Self.unit(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            let fields = try await next(before, work)
            let after = try await EstateRepository.update(
                before, number: fields.number, floor: fields.floor, areaSqm: fields.areaSqm, archivedAt: fields.archivedAt, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: after))
            return after
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

    /// The building, if it exists and the caller's scope covers its office; otherwise `notFound`.
    private static func building(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> Building {
        guard let building = try await EstateRepository.find(buildingID: id, forUpdate: forUpdate, in: work.tx),
              work.covers(office: building.officeID)
        else { throw ServiceError.notFound("no building with id \(id)") }
        return building
    }

    /// The unit, if it exists and the caller's scope covers its office; otherwise `notFound`.
    private static func unit(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> EstateUnit {
        guard let unit = try await EstateRepository.find(unitID: id, forUpdate: forUpdate, in: work.tx),
              work.covers(office: unit.officeID)
        else { throw ServiceError.notFound("no unit with id \(id)") }
        return unit
    }

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
        var cleaned: [UnitDraft] = []
        for (index, draft) in drafts.enumerated() {
            do {
                let unit = try validated(draft, field: "units/\(index)/")
                if !seen.insert(unit.number).inserted { issues.append(FieldIssue("units/\(index)/number", "repeats \(unit.number)")) }
                cleaned.append(unit)
            } catch ServiceError.validation(let unitIssues) {
                issues += unitIssues
            }
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return cleaned
    }

    /// One unit's fields; `field` prefixes the names of the issues (`units/3/` in a batch, empty alone).
    static func validated(_ draft: UnitDraft, field: String) throws -> UnitDraft {
        var issues: [FieldIssue] = []
        let number = draft.number.trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number.count > 32 { issues.append(FieldIssue("\(field)number", "must have 1-32 characters")) }
        if let floor = draft.floor, !(-10...300).contains(floor) { issues.append(FieldIssue("\(field)floor", "must be -10 to 300")) }
        if let area = draft.areaSqm, area <= 0 || area >= 100_000_000 {
            issues.append(FieldIssue("\(field)areaSqm", "must be positive and below 100000000"))
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return UnitDraft(number: number, floor: draft.floor, areaSqm: draft.areaSqm)
    }

    static func validatedBuildingName(_ name: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw ServiceError.validation([FieldIssue("name", "must have 1-100 characters")]) }
        return name
    }
}
