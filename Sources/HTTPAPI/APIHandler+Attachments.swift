import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Services

// Files kept with records (issue 9 item 9).
extension APIHandler {
    func listAttachments(_ input: Operations.ListAttachments.Input) async throws -> Operations.ListAttachments.Output {
        let attachments = try await services.attachments.list(
            subject: try Self.wire(input.query.subject), subjectID: input.query.subjectId, try await caller())
        return .ok(.init(body: .json(.init(items: try attachments.map(Self.schema)))))
    }

    func uploadAttachment(_ input: Operations.UploadAttachment.Input) async throws -> Operations.UploadAttachment.Output {
        let caller = try await caller()
        let (declared, body): (Attachment.MediaType, HTTPBody) = switch input.body {
        case .jpeg(let body): (.jpeg, body)
        case .png(let body): (.png, body)
        case .imageGif(let body): (.gif, body)
        case .imageWebp(let body): (.webp, body)
        case .pdf(let body): (.pdf, body)
        }
        let limit = services.attachments.policy.maximumBytes
        let content: Data
        do {
            content = try await Data(collecting: body, upTo: limit)
        } catch {
            throw ServiceError.payloadTooLarge(limitBytes: limit)
        }
        let attachment = try await services.attachments.upload(
            .init(subject: try Self.wire(input.query.subject), subjectID: input.query.subjectId, fileName: input.query.fileName,
                  declaredType: declared, content: content),
            caller)
        return .created(.init(body: .json(try Self.schema(attachment))))
    }

    func downloadAttachment(_ input: Operations.DownloadAttachment.Input) async throws -> Operations.DownloadAttachment.Output {
        let (attachment, content) = try await services.attachments.download(id: input.path.id, try await caller())
        let body = HTTPBody(content)
        let headers = Operations.DownloadAttachment.Output.Ok.Headers(
            contentDisposition: Self.contentDisposition(attachment.fileName), eTag: "\"\(attachment.sha256Hex)\"")
        let typed: Operations.DownloadAttachment.Output.Ok.Body = switch attachment.mediaType {
        case .jpeg: .jpeg(body)
        case .png: .png(body)
        case .gif: .imageGif(body)
        case .webp: .imageWebp(body)
        case .pdf: .pdf(body)
        }
        return .ok(.init(headers: headers, body: typed))
    }

    /// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266).
    static func contentDisposition(_ name: String) -> String {
        let fallback = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    static func schema(_ attachment: Attachment) throws -> Components.Schemas.Attachment {
        .init(
            id: attachment.id, officeId: attachment.officeID, subject: try wire(attachment.subject), subjectId: attachment.subjectID,
            fileName: attachment.fileName, mediaType: try wire(attachment.mediaType), byteSize: attachment.byteSize, sha256: attachment.sha256Hex,
            uploadedBy: attachment.uploadedBy, uploadedAt: attachment.uploadedAt)
    }
}
