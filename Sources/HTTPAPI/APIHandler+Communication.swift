import APIContract
import Domain
import Foundation
import Services

// Communication with developers and owners' committees (EXT-1..5).
extension APIHandler {
    func listCommunications(_ input: Operations.ListCommunications.Input) async throws -> Operations.ListCommunications.Output {
        let query = input.query
        let page = try await services.communications.list(
            officeID: query.officeId, estateID: query.estateId, party: try query.party.map { try Self.wire($0) }, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func recordCommunication(_ input: Operations.RecordCommunication.Input) async throws -> Operations.RecordCommunication.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let record = try await services.communications.record(
            .init(
                officeID: body.officeId, estateID: body.estateId, party: try Self.wire(body.party), channel: try Self.wire(body.channel),
                occurredAt: body.occurredAt, counterparts: body.counterparts, summary: body.summary),
            try await caller())
        return .created(.init(body: .json(try Self.schema(record))))
    }

    func listOutgoingDocuments(_ input: Operations.ListOutgoingDocuments.Input) async throws -> Operations.ListOutgoingDocuments.Output {
        let query = input.query
        let page = try await services.outgoingDocuments.list(
            officeID: query.officeId, estateID: query.estateId, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func signOutgoingDocument(_ input: Operations.SignOutgoingDocument.Input) async throws -> Operations.SignOutgoingDocument.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        var file: OutgoingDocument.ArchivedFile?
        if let given = body.copyFile {
            guard let content = Data(base64Encoded: given.contentBase64) else {
                throw ServiceError.validation([FieldIssue("copyFile/contentBase64", "is not base64 (RFC 4648, with padding)")])
            }
            file = OutgoingDocument.ArchivedFile(name: given.name, mediaType: given.mediaType, content: content)
        }
        let document = try await services.outgoingDocuments.sign(
            .init(
                officeID: body.officeId, estateID: body.estateId, toDeveloper: body.toDeveloper ?? false, recipient: body.recipient,
                subject: body.subject, channel: try Self.wire(body.channel), copyText: body.copyText, copyFile: file),
            try await caller())
        return .created(.init(body: .json(try Self.schema(document))))
    }

    func getOutgoingDocument(_ input: Operations.GetOutgoingDocument.Input) async throws -> Operations.GetOutgoingDocument.Output {
        .ok(.init(body: .json(try Self.schema(try await services.outgoingDocuments.get(id: input.path.id, try await caller())))))
    }

    func listDeveloperMatters(_ input: Operations.ListDeveloperMatters.Input) async throws -> Operations.ListDeveloperMatters.Output {
        let query = input.query
        let filter = DeveloperMatterFilter(
            officeID: query.officeId, estateID: query.estateId, kind: try query.kind.map { try Self.wire($0) },
            open: query.status.map { $0 == .open }, overdue: query.overdue)
        let page = try await services.developerMatters.list(filter, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func recordDeveloperMatter(_ input: Operations.RecordDeveloperMatter.Input) async throws -> Operations.RecordDeveloperMatter.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.developerMatters.record(
            .init(
                officeID: body.officeId, estateID: body.estateId, kind: try Self.wire(body.kind), topic: try body.topic.map { try Self.wire($0) },
                subject: body.subject, content: body.content ?? "", receivedAt: body.receivedAt, communicationID: body.communicationId,
                requestDocumentID: body.requestDocumentId,
                expectedAnswerOn: try body.expectedAnswerOn.map { try Self.day($0, field: "expectedAnswerOn") }),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.matter.version)), body: .json(try Self.schema(view))))
    }

    func getDeveloperMatter(_ input: Operations.GetDeveloperMatter.Input) async throws -> Operations.GetDeveloperMatter.Output {
        let view = try await services.developerMatters.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.matter.version)), body: .json(try Self.schema(view))))
    }

    func answerDeveloperMatter(_ input: Operations.AnswerDeveloperMatter.Input) async throws -> Operations.AnswerDeveloperMatter.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.developerMatters.answer(
            id: input.path.id, channel: try Self.wire(body.channel), answer: body.answer, documentID: body.documentId,
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.matter.version)), body: .json(try Self.schema(view))))
    }

    func listCommitteeContacts(_ input: Operations.ListCommitteeContacts.Input) async throws -> Operations.ListCommitteeContacts.Output {
        let contacts = try await services.communications.committeeContacts(officeID: input.query.officeId, try await caller())
        return .ok(.init(body: .json(.init(items: contacts.map {
            .init(
                officeId: $0.officeID, estateId: $0.estateID, committeeName: $0.committeeName,
                cadence: .init(rawValue: $0.period.kind.rawValue) ?? .month, period: $0.period.label,
                periodStart: $0.period.start.description, lastDay: $0.period.lastDay.description, communications: $0.communications,
                contacted: $0.contacted, lastContactAt: $0.lastContactAt)
        }))))
    }

    static func schema(_ record: CommunicationRecord) throws -> Components.Schemas.CommunicationRecord {
        .init(
            id: record.id, officeId: record.officeID, estateId: record.estateID, party: try wire(record.party), developerId: record.developerID,
            channel: try wire(record.channel), occurredAt: record.occurredAt, counterparts: record.counterparts, summary: record.summary,
            recordedBy: record.recordedBy, recordedAt: record.recordedAt)
    }

    static func schema(_ document: OutgoingDocument) throws -> Components.Schemas.OutgoingDocument {
        .init(
            id: document.id, officeId: document.officeID, estateId: document.estateID, developerId: document.developerID,
            recipient: document.recipient, subject: document.subject, channel: try wire(document.channel), copyText: document.copyText,
            hasCopyFile: document.hasCopyFile,
            copyFile: document.copyFile.map {
                .init(name: $0.name, mediaType: $0.mediaType, contentBase64: $0.content.base64EncodedString())
            },
            signedBy: document.signedBy, signedAt: document.signedAt)
    }

    static func schema(_ view: DeveloperMatterService.View) throws -> Components.Schemas.DeveloperMatter {
        let matter = view.matter
        return .init(
            id: matter.id, officeId: matter.officeID, estateId: matter.estateID, developerId: matter.developerID, kind: try wire(matter.kind),
            topic: try matter.topic.map { try wire($0) }, subject: matter.subject, content: matter.content, receivedAt: matter.receivedAt,
            dueOn: matter.deadline?.dueOn.description, communicationId: matter.communicationID, requestDocumentId: matter.requestDocumentID,
            recordedBy: matter.recordedBy, status: matter.isOpen ? .open : .answered, overdue: view.overdue, answeredAt: matter.answeredAt,
            answerChannel: try matter.answerChannel.map { try wire($0) }, answer: matter.answer, answerDocumentId: matter.answerDocumentID,
            answeredBy: matter.answeredBy, answeredOnTime: view.answeredOnTime, version: matter.version)
    }
}

// The communication deadlines as company policy (EXT-2, EXT-6, EXT-7).
extension APIHandler {
    func getCommunicationPolicy(_ input: Operations.GetCommunicationPolicy.Input) async throws -> Operations.GetCommunicationPolicy.Output {
        let stored = try await services.communicationPolicy.get(try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(stored.version)), body: .json(Self.schema(stored.policy))))
    }

    func replaceCommunicationPolicy(
        _ input: Operations.ReplaceCommunicationPolicy.Input
    ) async throws -> Operations.ReplaceCommunicationPolicy.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        func days(_ rule: Components.Schemas.DaysAfterRule) -> DaysAfter {
            rule.unit == .workingDays ? .workingDays(rule.days) : .calendarDays(rule.days)
        }
        func day(_ rule: Components.Schemas.DayOfMonthRule) -> DayOfMonth {
            rule.unit == .workingDay ? .workingDay(rule.day) : .calendarDay(rule.day)
        }
        let stored = try await services.communicationPolicy.replace(
            CommunicationPolicy(
                developerAnswer: days(body.developerAnswer), reportSubmission: day(body.reportSubmission),
                reportPublication: day(body.reportPublication), reportQuestionWindow: days(body.reportQuestionWindow),
                briefingDelivery: day(body.briefingDelivery), consultingReportAnswer: days(body.consultingReportAnswer)),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(stored.version)), body: .json(Self.schema(stored.policy))))
    }

    static func schema(_ policy: CommunicationPolicy) -> Components.Schemas.CommunicationPolicy {
        func days(_ rule: DaysAfter) -> Components.Schemas.DaysAfterRule {
            switch rule {
            case .workingDays(let n): .init(days: n, unit: .workingDays)
            case .calendarDays(let n): .init(days: n, unit: .calendarDays)
            }
        }
        func day(_ rule: DayOfMonth) -> Components.Schemas.DayOfMonthRule {
            switch rule {
            case .workingDay(let n): .init(day: n, unit: .workingDay)
            case .calendarDay(let n): .init(day: n, unit: .calendarDay)
            }
        }
        return .init(
            developerAnswer: days(policy.developerAnswer), reportSubmission: day(policy.reportSubmission),
            reportPublication: day(policy.reportPublication), reportQuestionWindow: days(policy.reportQuestionWindow),
            briefingDelivery: day(policy.briefingDelivery), consultingReportAnswer: days(policy.consultingReportAnswer))
    }
}
