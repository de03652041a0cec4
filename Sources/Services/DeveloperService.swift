import Domain
import Foundation
import Persistence

/// Developers (发展商, ORG-4): company-wide parties, read by every staff role and kept by
/// `organization.manage` (ADMIN confirms developer information, ORG-6).
public struct DeveloperService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Draft: Sendable {
        public var name: String
        public var note: String
        public var contacts: [Developer.Contact]

        public init(name: String, note: String = "", contacts: [Developer.Contact] = []) {
            self.name = name
            self.note = note
            self.contacts = contacts
        }
    }

    public static let maximumContacts = 20
    static let constraintFields = ["developer_name_key": "name", "developer_name_not_blank": "name"]

    public func list(_ caller: Caller, text: String?, includeArchived: Bool, page: PageRequest) async throws -> Page<Developer> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            page.page(
                from: try await DeveloperRepository.list(
                    text: text, includeArchived: includeArchived, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> Developer {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await Self.existing(id, work: work, forUpdate: false)
        }
    }

    public func create(_ draft: Draft, _ caller: Caller) async throws -> Developer {
        try await runner.perform(caller, .manageOrganization, fields: Self.constraintFields) { work in
            let draft = try Self.validated(draft)
            let id = try await DeveloperRepository.insert(name: draft.name, note: draft.note, at: work.now, in: work.tx)
            try await DeveloperRepository.replaceContacts(developerID: id, draft.contacts, in: work.tx)
            let developer = try await Self.existing(id, work: work, forUpdate: false)
            try await work.audit(.created(developer))
            return developer
        }
    }

    /// Replaces name, note and contacts; `archived` archives or restores.
    public func update(id: Int64, _ draft: Draft, archived: Bool, expectedVersion: Int?, _ caller: Caller) async throws -> Developer {
        try await runner.perform(caller, .manageOrganization, fields: Self.constraintFields) { work in
            let draft = try Self.validated(draft)
            let before = try await Self.existing(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            try await DeveloperRepository.update(
                id: id, name: draft.name, note: draft.note, archivedAt: archived ? (before.archivedAt ?? work.now) : nil, in: work.tx)
            if draft.contacts != before.contacts {
                try await DeveloperRepository.replaceContacts(developerID: id, draft.contacts, in: work.tx)
            }
            let after = try await Self.existing(id, work: work, forUpdate: false)
            try await work.audit(.changed("update", from: before, to: after))
            return after
        }
    }

    private static func existing(_ id: Int64, work: ServiceWork, forUpdate: Bool) async throws -> Developer {
        guard let developer = try await DeveloperRepository.find(id: id, forUpdate: forUpdate, in: work.tx)
        else { throw ServiceError.notFound("no developer with id \(id)") }
        return developer
    }

    static func validated(_ draft: Draft) throws -> Draft {
        var issues: [FieldIssue] = []
        let name = ContactRules.name(draft.name, field: "name", limit: 200, issues: &issues)
        let note = draft.note.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 2000 { issues.append(FieldIssue("note", "must have at most 2000 characters")) }
        if draft.contacts.count > maximumContacts { issues.append(FieldIssue("contacts", "at most \(maximumContacts) contacts")) }
        let contacts = draft.contacts.enumerated().map { index, contact in
            let field = "contacts/\(index)"
            let contactName = ContactRules.name(contact.name, field: "\(field)/name", issues: &issues)
            let title = contact.title.trimmingCharacters(in: .whitespacesAndNewlines)
            if title.count > 100 { issues.append(FieldIssue("\(field)/title", "must have at most 100 characters")) }
            let phone = contact.phone.trimmingCharacters(in: .whitespaces), email = contact.email.trimmingCharacters(in: .whitespaces)
            if let issue = ContactRules.phoneIssue(phone, field: "\(field)/phone") { issues.append(issue) }
            if let issue = ContactRules.emailIssue(email, field: "\(field)/email") { issues.append(issue) }
            return Developer.Contact(name: contactName, title: title, phone: phone, email: email)
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return Draft(name: name, note: note, contacts: contacts)
    }
}
