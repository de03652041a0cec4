import Domain
import Foundation
import Persistence

/// Outgoing written documents (EXT-3): the office manager signs each letter or e-mail the office
/// sends and its copy is archived (text, file, or both). A written answer to the developer (EXT-2)
/// is one of these.
public struct OutgoingDocumentService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Draft: Sendable {
        public var officeID: Int64
        public var estateID: Int64
        public var toDeveloper: Bool
        public var recipient: String
        public var subject: String
        public var channel: OutgoingDocument.Channel
        public var copyText: String?
        public var copyFile: OutgoingDocument.ArchivedFile?

        public init(
            officeID: Int64, estateID: Int64, toDeveloper: Bool, recipient: String, subject: String, channel: OutgoingDocument.Channel,
            copyText: String?, copyFile: OutgoingDocument.ArchivedFile?
        ) {
            self.officeID = officeID
            self.estateID = estateID
            self.toDeveloper = toDeveloper
            self.recipient = recipient
            self.subject = subject
            self.channel = channel
            self.copyText = copyText
            self.copyFile = copyFile
        }
    }

    /// Signs (the caller is the signer) and archives a document of an estate of the office.
    public func sign(_ draft: Draft, _ caller: Caller) async throws -> OutgoingDocument {
        try await runner.perform(caller, .signOutgoingDocuments) { work in
            let estate = try await work.activeEstate(draft.estateID, ofOffice: draft.officeID)
            var issues: [FieldIssue] = []
            let recipient = InputRules.required(draft.recipient, field: "recipient", limit: 200, issues: &issues)
            let subject = InputRules.required(draft.subject, field: "subject", limit: 300, issues: &issues)
            let copyText = InputRules.optional(draft.copyText, field: "copyText", limit: 20_000, issues: &issues)
            var file = draft.copyFile
            if let given = draft.copyFile {
                let name = InputRules.required(given.name, field: "copyFile/name", limit: 200, issues: &issues)
                if given.mediaType.range(of: #"^[a-z]+/[a-z0-9.+-]+$"#, options: .regularExpression) == nil || given.mediaType.count > 100 {
                    issues.append(FieldIssue("copyFile/mediaType", "must be a media type such as application/pdf"))
                }
                if given.content.isEmpty || given.content.count > OutgoingDocument.maximumFileBytes {
                    issues.append(FieldIssue("copyFile/contentBase64", "must hold 1 byte to 2 MiB"))
                }
                file = OutgoingDocument.ArchivedFile(name: name, mediaType: given.mediaType, content: given.content)
            }
            if copyText == nil && file == nil {
                issues.append(FieldIssue("copyText", "an archived copy is required: copyText, copyFile or both (EXT-3)"))
            }
            if draft.toDeveloper && estate.developerID == nil {
                issues.append(FieldIssue("toDeveloper", "the estate has no developer; set it first (ORG-4)"))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let document = try await OutgoingDocumentRepository.insert(
                OutgoingDocument(
                    id: 0, officeID: draft.officeID, estateID: estate.id, developerID: draft.toDeveloper ? estate.developerID : nil,
                    recipient: recipient, subject: subject, channel: draft.channel, copyText: copyText, copyFile: file,
                    hasCopyFile: file != nil, signedBy: caller.actor.userID, signedAt: work.now),
                in: work.tx)
            try await work.audit(.created(document))
            return document
        }
    }

    public func list(officeID: Int64?, estateID: Int64?, _ caller: Caller, page: PageRequest) async throws -> Page<OutgoingDocument> {
        try await runner.perform(caller, .readCommunications, readOnly: true) { work in
            let rows = try await OutgoingDocumentRepository.list(
                officeID: officeID, estateID: estateID, afterID: page.afterID, limit: page.limit, in: work.tx)
            return page.page(from: rows, id: \.id)
        }
    }

    /// One document with its archived file.
    public func get(id: Int64, _ caller: Caller) async throws -> OutgoingDocument {
        try await runner.perform(caller, .readCommunications, readOnly: true) { work in
            guard let document = try await OutgoingDocumentRepository.find(id: id, withFile: true, in: work.tx),
                  work.covers(office: document.officeID)
            else { throw ServiceError.notFound("no outgoing document with id \(id)") }
            return document
        }
    }
}
