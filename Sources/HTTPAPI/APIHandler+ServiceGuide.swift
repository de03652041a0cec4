import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listServiceItems(_ input: Operations.ListServiceItems.Input) async throws -> Operations.ListServiceItems.Output {
        let query = input.query
        let page = try await services.serviceGuide.list(
            officeID: query.officeId, category: try query.category.map { try Self.wire($0) }, includeArchived: query.includeArchived ?? false,
            try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createServiceItem(_ input: Operations.CreateServiceItem.Input) async throws -> Operations.CreateServiceItem.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let draft = try Self.serviceItemDraft(
            name: body.name, category: body.category, unit: body.unit, price: body.price, serviceHours: body.serviceHours,
            phone: body.phone, description: body.description)
        let item = try await services.serviceGuide.create(officeID: body.officeId, code: body.code, draft, try await caller())
        return .created(.init(
            headers: .init(eTag: Self.eTag(item.version), location: "/v1/service-items/\(item.id)"), body: .json(try Self.schema(item))))
    }

    func getServiceItem(_ input: Operations.GetServiceItem.Input) async throws -> Operations.GetServiceItem.Output {
        let item = try await services.serviceGuide.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(item.version)), body: .json(try Self.schema(item))))
    }

    func updateServiceItem(_ input: Operations.UpdateServiceItem.Input) async throws -> Operations.UpdateServiceItem.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let draft = try Self.serviceItemDraft(
            name: body.name, category: body.category, unit: body.unit, price: body.price, serviceHours: body.serviceHours,
            phone: body.phone, description: body.description)
        let item = try await services.serviceGuide.update(
            id: input.path.id, draft, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(item.version)), body: .json(try Self.schema(item))))
    }

    func archiveServiceItem(_ input: Operations.ArchiveServiceItem.Input) async throws -> Operations.ArchiveServiceItem.Output {
        let item = try await services.serviceGuide.setArchived(
            id: input.path.id, archived: true, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(item.version)), body: .json(try Self.schema(item))))
    }

    func restoreServiceItem(_ input: Operations.RestoreServiceItem.Input) async throws -> Operations.RestoreServiceItem.Output {
        let item = try await services.serviceGuide.setArchived(
            id: input.path.id, archived: false, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(item.version)), body: .json(try Self.schema(item))))
    }

    /// The fields of a service item, from the create and the update body alike.
    static func serviceItemDraft(
        name: String, category: Components.Schemas.TicketCategory?, unit: String, price: String, serviceHours: String?, phone: String?,
        description: String?
    ) throws -> ServiceGuideService.Draft {
        ServiceGuideService.Draft(
            name: name, category: try category.map { try wire($0) }, unit: unit, price: try decimal(price, field: "price") ?? 0,
            serviceHours: serviceHours ?? "", phone: phone ?? "", description: description ?? "")
    }

    static func schema(_ item: ServiceItem) throws -> Components.Schemas.ServiceItem {
        .init(
            id: item.id, officeId: item.officeID, code: item.code, name: item.name, category: try item.category.map { try wire($0) },
            unit: item.unit, price: yuan(item.price), serviceHours: item.serviceHours, phone: item.phone, description: item.description,
            source: item.officeID == nil ? .company : .office, archived: item.archivedAt != nil, version: item.version)
    }

    static func schema(_ plan: TicketPlan) -> Components.Schemas.TicketPlan {
        .init(
            round: plan.round, plan: plan.description, workTime: plan.workTime, impact: plan.impact, protection: plan.protection,
            ownerCooperation: plan.ownerCooperation,
            items: plan.lines.map { line in
                .init(
                    serviceItemId: line.serviceItemID, code: line.code, name: line.name, unit: line.unit, unitPrice: yuan(line.unitPrice),
                    quantity: "\(line.quantity)", amount: yuan(line.amount))
            },
            total: yuan(plan.total), plannedAt: plan.plannedAt, plannedBy: plan.plannedBy, agreedBy: plan.agreedBy, agreedAt: plan.agreedAt)
    }

    /// An amount in yuan as the contract writes it: always two decimals (`50.00`).
    static func yuan(_ amount: Decimal) -> String { amount.yuanText }
}
