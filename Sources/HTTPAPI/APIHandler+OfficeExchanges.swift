import APIContract
import Domain
import Foundation
import Services

// Exchanges between offices (INF-7).
extension APIHandler {
    func listOfficeExchanges(_ input: Operations.ListOfficeExchanges.Input) async throws -> Operations.ListOfficeExchanges.Output {
        let query = input.query
        let page = try await services.officeExchanges.list(
            officeID: query.officeId, signed: query.signed, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func recordOfficeExchange(_ input: Operations.RecordOfficeExchange.Input) async throws -> Operations.RecordOfficeExchange.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let exchange = try await services.officeExchanges.record(
            .init(
                officeID: body.officeId, hostOfficeID: body.hostOfficeId, kind: try Self.wire(body.kind), heldOn: try Self.day(body.heldOn, field: "heldOn"),
                topic: body.topic, participants: body.participants, participantCount: body.participantCount, notes: body.notes),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(exchange.version)), body: .json(try Self.schema(exchange))))
    }

    func getOfficeExchange(_ input: Operations.GetOfficeExchange.Input) async throws -> Operations.GetOfficeExchange.Output {
        let exchange = try await services.officeExchanges.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(exchange.version)), body: .json(try Self.schema(exchange))))
    }

    func signInOfficeExchange(_ input: Operations.SignInOfficeExchange.Input) async throws -> Operations.SignInOfficeExchange.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let exchange = try await services.officeExchanges.signIn(
            id: input.path.id, comment: body.comment, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(exchange.version)), body: .json(try Self.schema(exchange))))
    }

    static func schema(_ exchange: OfficeExchange) throws -> Components.Schemas.OfficeExchange {
        .init(
            id: exchange.id, officeId: exchange.officeID, hostOfficeId: exchange.hostOfficeID, kind: try wire(exchange.kind),
            heldOn: exchange.heldOn.description, topic: exchange.topic, participants: exchange.participants, participantCount: exchange.participantCount,
            notes: exchange.notes, recordedBy: exchange.recordedBy, recordedAt: exchange.recordedAt, signed: exchange.hostSignedAt != nil,
            hostSignedBy: exchange.hostSignedBy, hostSignedAt: exchange.hostSignedAt, hostComment: exchange.hostComment, version: exchange.version)
    }
}
