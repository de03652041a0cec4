import Domain
import Foundation
import Persistence

/// Owners and occupants of an office's units (ORG-3). Read with `organization.read`;
/// kept by `estates.manage` (the office's manager and front desk, ADMIN everywhere).
public struct OwnerService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Draft: Sendable {
        public var name: String
        public var phone: String
        public var email: String
        public var keyCustomer: Bool
        public var note: String
        public var units: [Owner.UnitLink]

        public init(name: String, phone: String = "", email: String = "", keyCustomer: Bool = false, note: String = "", units: [Owner.UnitLink] = []) {
            self.name = name
            self.phone = phone
            self.email = email
            self.keyCustomer = keyCustomer
            self.note = note
            self.units = units
        }
    }

    /// Units one person may be linked to in one request.
    public static let maximumUnits = 50

    static let constraintFields = [
        "owner_office_fkey": "officeId", "owner_name_not_blank": "name",
        "unit_occupant_unit_fkey": "units", "unit_occupant_relation": "units", "unit_occupant_pkey": "units",
    ]

    public func list(_ caller: Caller, filter: OwnerFilter, page: PageRequest) async throws -> Page<Owner> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            page.page(from: try await OwnerRepository.list(filter, afterID: page.afterID, limit: page.limit, in: work.tx), id: \.id)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> Owner {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await Self.visible(id, work: work, forUpdate: false)
        }
    }

    public func create(officeID: Int64, _ draft: Draft, _ caller: Caller) async throws -> Owner {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            let draft = try Self.validated(draft)
            guard work.covers(office: officeID), try await OrganizationUnitRepository.find(.office, id: officeID, in: work.tx) != nil
            else { throw ServiceError.validation([FieldIssue("officeId", "no office with this id")]) }
            let id = try await OwnerRepository.insert(
                officeID: officeID, name: draft.name, phone: draft.phone, email: draft.email, keyCustomer: draft.keyCustomer,
                note: draft.note, at: work.now, in: work.tx)
            try await OwnerRepository.replaceUnits(ownerID: id, officeID: officeID, draft.units, in: work.tx)
            let owner = try await Self.visible(id, work: work, forUpdate: false)
            try await work.audit(.created(owner))
            return owner
        }
    }

    /// Replaces contact data, flag, note and unit links.
    public func update(id: Int64, _ draft: Draft, expectedVersion: Int?, _ caller: Caller) async throws -> Owner {
        try await change(id: id, expectedVersion: expectedVersion, caller, verb: "update") { owner, _ in
            (try Self.validated(draft), owner.archivedAt)
        }
    }

    public func setArchived(id: Int64, archived: Bool, expectedVersion: Int?, _ caller: Caller) async throws -> Owner {
        try await change(id: id, expectedVersion: expectedVersion, caller, verb: archived ? "archive" : "restore") { owner, now in
            (Draft(name: owner.name, phone: owner.phone, email: owner.email, keyCustomer: owner.keyCustomer, note: owner.note, units: owner.units),
             archived ? (owner.archivedAt ?? now) : nil)
        }
    }

    private func change(
        id: Int64, expectedVersion: Int?, _ caller: Caller, verb: String,
        _ next: @Sendable (Owner, Date) throws -> (draft: Draft, archivedAt: Date?)
    ) async throws -> Owner {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            let before = try await Self.visible(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            let (draft, archivedAt) = try next(before, work.now)
            try await OwnerRepository.update(
                before, name: draft.name, phone: draft.phone, email: draft.email, keyCustomer: draft.keyCustomer, note: draft.note,
                archivedAt: archivedAt, in: work.tx)
            if draft.units != before.units {
                try await OwnerRepository.replaceUnits(ownerID: id, officeID: before.officeID, draft.units, in: work.tx)
            }
            let after = try await Self.visible(id, work: work, forUpdate: false)
            try await work.audit(.changed(verb, from: before, to: after))
            return after
        }
    }

    private static func visible(_ id: Int64, work: ServiceWork, forUpdate: Bool) async throws -> Owner {
        guard let owner = try await OwnerRepository.find(id: id, forUpdate: forUpdate, in: work.tx), work.covers(office: owner.officeID)
        else { throw ServiceError.notFound("no owner with id \(id)") }
        return owner
    }

    static func validated(_ draft: Draft) throws -> Draft {
        let name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let phone = draft.phone.trimmingCharacters(in: .whitespaces)
        let email = draft.email.trimmingCharacters(in: .whitespaces)
        let note = draft.note.trimmingCharacters(in: .whitespacesAndNewlines)
        var issues: [FieldIssue] = []
        if name.isEmpty || name.count > 100 { issues.append(FieldIssue("name", "must have 1-100 characters")) }
        if let issue = ContactRules.phoneIssue(phone, field: "phone") { issues.append(issue) }
        if let issue = ContactRules.emailIssue(email, field: "email") { issues.append(issue) }
        if note.count > 1000 { issues.append(FieldIssue("note", "must have at most 1000 characters")) }
        if draft.units.count > maximumUnits { issues.append(FieldIssue("units", "at most \(maximumUnits) units")) }
        if Set(draft.units.map(\.unitID)).count != draft.units.count { issues.append(FieldIssue("units", "lists a unit twice")) }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return Draft(name: name, phone: phone, email: email, keyCustomer: draft.keyCustomer, note: note,
                     units: draft.units.sorted { $0.unitID < $1.unitID })
    }
}
