import Crypto
import Domain
import Foundation
import Persistence

/// Files kept with records (issue 9 item 9): whoever may change a record attaches files to it, whoever
/// may read the record reads them (another office's answer 404, as the record would). Only images and
/// PDFs are kept, recognized by their bytes; a file that says it is one type and is another, or is none
/// of them, is refused (415), as is one above the size limit (413), with nothing stored.
public struct AttachmentService: Sendable {
    private let runner: ServiceRunner
    public let policy: AttachmentPolicy

    public init(database: Database, policy: AttachmentPolicy = .defaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    public struct Upload: Sendable {
        public var subject: Attachment.Subject
        public var subjectID: Int64
        public var fileName: String
        /// The type the sender declares (its Content-Type).
        public var declaredType: Attachment.MediaType
        public var content: Data

        public init(subject: Attachment.Subject, subjectID: Int64, fileName: String, declaredType: Attachment.MediaType, content: Data) {
            self.subject = subject
            self.subjectID = subjectID
            self.fileName = fileName
            self.declaredType = declaredType
            self.content = content
        }
    }

    public func upload(_ upload: Upload, _ caller: Caller) async throws -> Attachment {
        guard upload.content.count <= policy.maximumBytes else { throw ServiceError.payloadTooLarge(limitBytes: policy.maximumBytes) }
        guard let sniffed = Attachment.MediaType.sniff(upload.content) else {
            throw ServiceError.unsupportedMediaType("only JPEG, PNG, GIF, WebP images and PDF documents are kept; these bytes are none of them")
        }
        guard sniffed == upload.declaredType else {
            throw ServiceError.unsupportedMediaType("the file says it is \(upload.declaredType.rawValue) but its bytes are \(sniffed.rawValue)")
        }
        return try await runner.perform(caller, upload.subject.writeAction) { work in
            let officeID = try await Self.recordOffice(upload.subject, upload.subjectID, work: work)
            var issues: [FieldIssue] = []
            let name = InputRules.required(upload.fileName, field: "fileName", limit: 200, issues: &issues)
            if name.contains(where: { "/\\\0".contains($0) }) { issues.append(FieldIssue("fileName", "must be a file name, not a path")) }
            if try await AttachmentRepository.count(subject: upload.subject, subjectID: upload.subjectID, in: work.tx) >= policy.maximumPerRecord {
                issues.append(FieldIssue("subjectId", "the record already holds \(policy.maximumPerRecord) files"))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let attachment = try await AttachmentRepository.insert(
                Attachment(
                    id: 0, officeID: officeID, subject: upload.subject, subjectID: upload.subjectID, fileName: name, mediaType: sniffed,
                    byteSize: upload.content.count, sha256: Data(SHA256.hash(data: upload.content)), uploadedBy: caller.actor.userID,
                    uploadedAt: work.now),
                content: upload.content, in: work.tx)
            try await work.audit(.created(attachment))
            return attachment
        }
    }

    /// A record's files (without their bytes), in upload order.
    public func list(subject: Attachment.Subject, subjectID: Int64, _ caller: Caller) async throws -> [Attachment] {
        try await runner.perform(caller, subject.readAction, readOnly: true) { work in
            _ = try await Self.recordOffice(subject, subjectID, work: work)
            return try await AttachmentRepository.list(subject: subject, subjectID: subjectID, limit: policy.maximumPerRecord, in: work.tx)
        }
    }

    /// A file with its bytes, if the caller may read its record.
    public func download(id: Int64, _ caller: Caller) async throws -> (Attachment, Data) {
        // Every staff role reads the organization, in the scope it has for every action; the record's own read action decides below.
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            guard let attachment = try await AttachmentRepository.find(id: id, in: work.tx) else { throw ServiceError.notFound("no attachment with id \(id)") }
            do { _ = try caller.actor.authorize(attachment.subject.readAction) } catch { throw ServiceError.forbidden(attachment.subject.readAction) }
            _ = try await Self.recordOffice(attachment.subject, attachment.subjectID, work: work)
            guard let content = try await AttachmentRepository.content(id: id, in: work.tx) else { throw ServiceError.notFound("no attachment with id \(id)") }
            return (attachment, content)
        }
    }

    /// The office of the record (nil for HQ's own), if the caller sees it; 404 as the record's own endpoint answers.
    private static func recordOffice(_ subject: Attachment.Subject, _ id: Int64, work: ServiceWork) async throws -> Int64? {
        switch subject {
        case .ticket:
            return try await TicketService.ticket(id, work: work).officeID
        case .meeting:
            return try await MeetingService.meeting(id, work: work).officeID
        case .outgoingDocument:
            guard let document = try await OutgoingDocumentRepository.find(id: id, in: work.tx), work.covers(office: document.officeID)
            else { throw ServiceError.notFound("no outgoing document with id \(id)") }
            return document.officeID
        case .developerMatter:
            guard let matter = try await DeveloperMatterRepository.find(id: id, in: work.tx), work.covers(office: matter.officeID)
            else { throw ServiceError.notFound("no developer matter with id \(id)") }
            return matter.officeID
        case .communityActivity:
            return try await CommunityActivityService.activity(id, work: work).officeID
        }
    }
}
