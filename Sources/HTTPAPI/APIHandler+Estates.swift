import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listEstates(_ input: Operations.ListEstates.Input) async throws -> Operations.ListEstates.Output {
        let query = input.query
        let page = try await services.estates.listEstates(
            try await caller(),
            filter: .init(
                officeID: query.officeId, kind: query.kind.flatMap { Estate.Kind(rawValue: $0.rawValue) },
                text: query.q?.trimmingCharacters(in: .whitespaces).nilIfEmpty, includeArchived: query.includeArchived ?? false),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createEstate(_ input: Operations.CreateEstate.Input) async throws -> Operations.CreateEstate.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let estate = try await services.estates.createEstate(
            officeID: body.officeId,
            Self.draft(code: body.code, name: body.name, kind: body.kind, address: body.address, developerID: body.developerId),
            try await caller())
        return .created(.init(
            headers: .init(eTag: Self.eTag(estate.version), location: "/v1/estates/\(estate.id)"), body: .json(Self.schema(estate))))
    }

    func getEstate(_ input: Operations.GetEstate.Input) async throws -> Operations.GetEstate.Output {
        let estate = try await services.estates.getEstate(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(estate.version)), body: .json(Self.schema(estate))))
    }

    func updateEstate(_ input: Operations.UpdateEstate.Input) async throws -> Operations.UpdateEstate.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let estate = try await services.estates.updateEstate(
            id: input.path.id,
            Self.draft(code: body.code, name: body.name, kind: body.kind, address: body.address, developerID: body.developerId),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(estate.version)), body: .json(Self.schema(estate))))
    }

    func archiveEstate(_ input: Operations.ArchiveEstate.Input) async throws -> Operations.ArchiveEstate.Output {
        let estate = try await services.estates.setEstateArchived(
            id: input.path.id, archived: true, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(estate.version)), body: .json(Self.schema(estate))))
    }

    func restoreEstate(_ input: Operations.RestoreEstate.Input) async throws -> Operations.RestoreEstate.Output {
        let estate = try await services.estates.setEstateArchived(
            id: input.path.id, archived: false, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(estate.version)), body: .json(Self.schema(estate))))
    }

    func listBuildings(_ input: Operations.ListBuildings.Input) async throws -> Operations.ListBuildings.Output {
        let page = try await services.estates.listBuildings(
            estateID: input.path.id, includeArchived: input.query.includeArchived ?? false, try await caller(),
            page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createBuilding(_ input: Operations.CreateBuilding.Input) async throws -> Operations.CreateBuilding.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let building = try await services.estates.createBuilding(estateID: input.path.id, name: body.name, try await caller())
        return .created(.init(body: .json(Self.schema(building))))
    }

    func listUnits(_ input: Operations.ListUnits.Input) async throws -> Operations.ListUnits.Output {
        let page = try await services.estates.listUnits(
            estateID: input.path.id, buildingID: input.query.buildingId, includeArchived: input.query.includeArchived ?? false,
            try await caller(),
            page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createUnits(_ input: Operations.CreateUnits.Input) async throws -> Operations.CreateUnits.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let drafts = try body.units.enumerated().map { index, unit in try Self.draft(unit, field: "units/\(index)/") }
        let units = try await services.estates.createUnits(buildingID: input.path.id, drafts, try await caller())
        return .created(.init(body: .json(.init(items: units.map(Self.schema)))))
    }

    func getBuilding(_ input: Operations.GetBuilding.Input) async throws -> Operations.GetBuilding.Output {
        let building = try await services.estates.getBuilding(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(building.version)), body: .json(Self.schema(building))))
    }

    func updateBuilding(_ input: Operations.UpdateBuilding.Input) async throws -> Operations.UpdateBuilding.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let building = try await services.estates.renameBuilding(
            id: input.path.id, name: body.name, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(building.version)), body: .json(Self.schema(building))))
    }

    func archiveBuilding(_ input: Operations.ArchiveBuilding.Input) async throws -> Operations.ArchiveBuilding.Output {
        let building = try await services.estates.setBuildingArchived(
            id: input.path.id, archived: true, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(building.version)), body: .json(Self.schema(building))))
    }

    func restoreBuilding(_ input: Operations.RestoreBuilding.Input) async throws -> Operations.RestoreBuilding.Output {
        let building = try await services.estates.setBuildingArchived(
            id: input.path.id, archived: false, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(building.version)), body: .json(Self.schema(building))))
    }

    func getUnit(_ input: Operations.GetUnit.Input) async throws -> Operations.GetUnit.Output {
        let unit = try await services.estates.getUnit(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func updateUnit(_ input: Operations.UpdateUnit.Input) async throws -> Operations.UpdateUnit.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let unit = try await services.estates.updateUnit(
            id: input.path.id, try Self.draft(body, field: ""), expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func archiveUnit(_ input: Operations.ArchiveUnit.Input) async throws -> Operations.ArchiveUnit.Output {
        let unit = try await services.estates.setUnitArchived(
            id: input.path.id, archived: true, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func restoreUnit(_ input: Operations.RestoreUnit.Input) async throws -> Operations.RestoreUnit.Output {
        let unit = try await services.estates.setUnitArchived(
            id: input.path.id, archived: false, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    /// A unit's input; `field` prefixes the names of its issues.
    static func draft(_ unit: Components.Schemas.UnitInput, field: String) throws -> EstateService.UnitDraft {
        .init(number: unit.number, floor: unit.floor, areaSqm: try Self.decimal(unit.areaSqm, field: "\(field)areaSqm"))
    }

    static func draft(
        code: String, name: String, kind: Components.Schemas.EstateKind, address: String?, developerID: Int64?
    ) -> EstateService.EstateDraft {
        .init(code: code, name: name, kind: kind == .commercial ? .commercial : .residential, address: address ?? "", developerID: developerID)
    }

    static func schema(_ estate: Estate) -> Components.Schemas.Estate {
        .init(
            id: estate.id, officeId: estate.officeID, code: estate.code, name: estate.name,
            kind: estate.kind == .commercial ? .commercial : .residential, address: estate.address,
            developerId: estate.developerID, archived: estate.archivedAt != nil, archivedAt: estate.archivedAt, version: estate.version)
    }

    static func schema(_ building: Building) -> Components.Schemas.Building {
        .init(
            id: building.id, officeId: building.officeID, estateId: building.estateID, name: building.name,
            archived: building.archivedAt != nil, version: building.version)
    }

    static func schema(_ unit: EstateUnit) -> Components.Schemas.Unit {
        .init(
            id: unit.id, officeId: unit.officeID, buildingId: unit.buildingID, number: unit.number, floor: unit.floor,
            areaSqm: unit.areaSqm.map { $0.formatted(.number.precision(.fractionLength(2)).grouping(.never).locale(Locale(identifier: "en_US_POSIX"))) }, archived: unit.archivedAt != nil, version: unit.version)
    }
}

extension String {
    /// nil for the empty string: optional filters treat "" as absent.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
