import Domain
import Foundation
import Persistence

/// HQ departments (ORG-1) and management offices (ORG-2): list, read, create,
/// update, archive and restore. Nothing is deleted: history refers to them.
public struct OrganizationService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// What a create or update sets.
    public struct Draft: Sendable {
        public var code: String
        public var name: String
        public var nameEn: String

        public init(code: String, name: String, nameEn: String = "") {
            self.code = code
            self.name = name
            self.nameEn = nameEn
        }
    }

    static let constraintFields = [
        "office_code_key": "code", "department_code_key": "code",
        "office_code_format": "code", "department_code_format": "code",
        "office_name_not_blank": "name", "department_name_not_blank": "name",
    ]

    /// Offices: HQ roles see all, office roles their own. Departments: every reader sees all.
    public func list(_ kind: OrganizationUnit.Kind, _ caller: Caller, page: PageRequest, includeArchived: Bool = false) async throws -> Page<OrganizationUnit> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            let only: [Int64]? = kind == .office && work.scope == .ownOffices ? work.caller.actor.officeIDs.sorted() : nil
            let rows = try await OrganizationUnitRepository.list(
                kind, afterID: page.afterID, limit: page.limit, includeArchived: includeArchived, onlyIDs: only, in: work.tx)
            return page.page(from: rows, id: \.id)
        }
    }

    /// One unit; an office outside the caller's scope is `notFound`, like one that does not exist.
    public func get(_ kind: OrganizationUnit.Kind, id: Int64, _ caller: Caller) async throws -> OrganizationUnit {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await Self.visible(kind, id: id, work: work, forUpdate: false)
        }
    }

    public func create(_ kind: OrganizationUnit.Kind, _ draft: Draft, _ caller: Caller) async throws -> OrganizationUnit {
        try await runner.perform(caller, .manageOrganization, fields: Self.constraintFields) { work in
            let draft = try Self.validated(draft, kind: kind)
            let unit = try await OrganizationUnitRepository.insert(
                kind, code: draft.code, name: draft.name, nameEn: draft.nameEn, at: work.now, in: work.tx)
            try await work.audit(.created(unit))
            return unit
        }
    }

    /// Replaces code and names. `expectedVersion` (If-Match) guards against lost updates.
    public func update(_ kind: OrganizationUnit.Kind, id: Int64, _ draft: Draft, expectedVersion: Int?, _ caller: Caller) async throws -> OrganizationUnit {
        try await change(kind, id: id, expectedVersion: expectedVersion, caller, verb: "update") { unit in
            let draft = try Self.validated(draft, kind: kind)
            return (draft.code, draft.name, draft.nameEn, unit.archivedAt)
        }
    }

    /// Archives (or, with `archived: false`, restores) a unit.
    public func setArchived(_ kind: OrganizationUnit.Kind, id: Int64, archived: Bool, expectedVersion: Int?, _ caller: Caller) async throws -> OrganizationUnit {
        try await change(kind, id: id, expectedVersion: expectedVersion, caller, verb: archived ? "archive" : "restore") { unit in
            (unit.code, unit.name, unit.nameEn, archived ? (unit.archivedAt ?? runner.now()) : nil)
        }
    }

    private func change(
        _ kind: OrganizationUnit.Kind, id: Int64, expectedVersion: Int?, _ caller: Caller, verb: String,
        _ next: @Sendable (OrganizationUnit) throws -> (code: String, name: String, nameEn: String, archivedAt: Date?)
    ) async throws -> OrganizationUnit {
        try await runner.perform(caller, .manageOrganization, fields: Self.constraintFields) { work in
            let before = try await Self.visible(kind, id: id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            let fields = try next(before)
            let after = try await OrganizationUnitRepository.update(
                before, code: fields.code, name: fields.name, nameEn: fields.nameEn, archivedAt: fields.archivedAt, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: after))
            return after
        }
    }

    private static func visible(_ kind: OrganizationUnit.Kind, id: Int64, work: ServiceWork, forUpdate: Bool) async throws -> OrganizationUnit {
        guard kind == .department || work.covers(office: id),
              let unit = try await OrganizationUnitRepository.find(kind, id: id, forUpdate: forUpdate, in: work.tx)
        else { throw ServiceError.notFound("no \(kind.rawValue) with id \(id)") }
        return unit
    }

    static func validated(_ draft: Draft, kind: OrganizationUnit.Kind) throws -> Draft {
        let cleaned = Draft(
            code: draft.code.trimmingCharacters(in: .whitespaces),
            name: draft.name.trimmingCharacters(in: .whitespacesAndNewlines),
            nameEn: draft.nameEn.trimmingCharacters(in: .whitespacesAndNewlines))
        var issues: [FieldIssue] = []
        if !OrganizationUnit.isValidCode(cleaned.code, kind: kind) {
            issues.append(FieldIssue("code", kind == .office
                ? "must be 2-16 characters: an upper-case letter, then upper-case letters or digits"
                : "must be 2-32 characters: an upper-case letter, then upper-case letters, digits or '_'"))
        }
        if cleaned.name.isEmpty { issues.append(FieldIssue("name", "must not be empty")) }
        if cleaned.name.count > 200 { issues.append(FieldIssue("name", "must have at most 200 characters")) }
        if cleaned.nameEn.count > 200 { issues.append(FieldIssue("nameEn", "must have at most 200 characters")) }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return cleaned
    }
}
