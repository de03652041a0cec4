import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listAuditEvents(_ input: Operations.ListAuditEvents.Input) async throws -> Operations.ListAuditEvents.Output {
        let query = input.query
        let page = try await services.audit.list(
            try await caller(),
            filter: AuditFilter(
                entityType: query.entityType, entityID: query.entityId, actorUserID: query.actorUserId,
                officeID: query.officeId, from: query.from, to: query.to),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    static func schema(_ event: AuditEvent) -> Components.Schemas.AuditEvent {
        .init(
            id: event.id, at: event.at, actorUserId: event.actorUserID, actorUsername: event.actorUsername,
            action: event.entry.action, entityType: event.entry.entityType, entityId: event.entry.entityID,
            officeId: event.entry.officeID,
            changes: .init(additionalProperties: event.entry.changes.mapValues { .init(before: $0.before, after: $0.after) }),
            requestId: event.requestID)
    }
}
