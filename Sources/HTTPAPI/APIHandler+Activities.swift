import APIContract
import Domain
import Foundation
import Services

// Community culture activities (INF-6): yearly plans through the approval workflow, activities held, quarterly compliance.
extension APIHandler {
    func listActivityPlans(_ input: Operations.ListActivityPlans.Input) async throws -> Operations.ListActivityPlans.Output {
        let query = input.query
        let page = try await services.activityPlans.list(
            officeID: query.officeId, year: query.year, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map { try Self.schema($0, decisions: nil) }, nextCursor: page.nextCursor))))
    }

    func writeActivityPlan(_ input: Operations.WriteActivityPlan.Input) async throws -> Operations.WriteActivityPlan.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.activityPlans.write(
            officeID: body.officeId, year: body.year, title: body.title, body: body.body, items: body.items?.map(Self.item), try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.plan.version)), body: .json(try Self.schema(view.plan, decisions: view.decisions))))
    }

    func getActivityPlan(_ input: Operations.GetActivityPlan.Input) async throws -> Operations.GetActivityPlan.Output {
        let view = try await services.activityPlans.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.plan.version)), body: .json(try Self.schema(view.plan, decisions: view.decisions))))
    }

    func reviseActivityPlan(_ input: Operations.ReviseActivityPlan.Input) async throws -> Operations.ReviseActivityPlan.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.activityPlans.revise(
            id: input.path.id, title: body.title, body: body.body, items: body.items.map(Self.item),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.plan.version)), body: .json(try Self.schema(view.plan, decisions: view.decisions))))
    }

    func decideActivityPlan(_ input: Operations.DecideActivityPlan.Input) async throws -> Operations.DecideActivityPlan.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.activityPlans.decide(
            id: input.path.id, try Self.wire(body.decision), comment: body.comment, expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.plan.version)), body: .json(try Self.schema(view.plan, decisions: view.decisions))))
    }

    func listCommunityActivities(_ input: Operations.ListCommunityActivities.Input) async throws -> Operations.ListCommunityActivities.Output {
        let query = input.query
        let page = try await services.communityActivities.list(
            officeID: query.officeId, year: query.year, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func recordCommunityActivity(_ input: Operations.RecordCommunityActivity.Input) async throws -> Operations.RecordCommunityActivity.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let activity = try await services.communityActivities.record(
            .init(
                officeID: body.officeId, planID: body.planId, title: body.title, heldOn: try Self.day(body.heldOn, field: "heldOn"), place: body.place,
                participants: body.participants, participantCount: body.participantCount, record: body.record),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(activity.version)), body: .json(Self.schema(activity))))
    }

    func getCommunityActivity(_ input: Operations.GetCommunityActivity.Input) async throws -> Operations.GetCommunityActivity.Output {
        let activity = try await services.communityActivities.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(activity.version)), body: .json(Self.schema(activity))))
    }

    func evaluateCommunityActivity(_ input: Operations.EvaluateCommunityActivity.Input) async throws -> Operations.EvaluateCommunityActivity.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let activity = try await services.communityActivities.evaluate(
            id: input.path.id, evaluation: body.evaluation, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(activity.version)), body: .json(Self.schema(activity))))
    }

    func getCommunityActivityCompliance(
        _ input: Operations.GetCommunityActivityCompliance.Input
    ) async throws -> Operations.GetCommunityActivityCompliance.Output {
        let rows = try await services.communityActivities.compliance(year: input.query.year, try await caller())
        return .ok(.init(body: .json(.init(items: rows.map {
            .init(
                officeId: $0.officeID, officeCode: $0.officeCode, year: $0.year, quarter: $0.quarter, activities: $0.activities,
                documented: $0.documented, evaluated: $0.evaluated, compliant: $0.compliant)
        }))))
    }

    static func item(_ input: Components.Schemas.ActivityPlanItem) -> ActivityPlan.Item {
        ActivityPlan.Item(quarter: input.quarter, theme: input.theme)
    }

    static func schema(_ plan: ActivityPlan, decisions: [DocumentDecision]?) throws -> Components.Schemas.ActivityPlan {
        .init(
            id: plan.id, officeId: plan.officeID, year: plan.year, companyPlanId: plan.companyPlanID, title: plan.title, body: plan.body,
            items: plan.items.map { .init(quarter: $0.quarter, theme: $0.theme) }, status: try wire(plan.state.status),
            step: plan.state.step.map { plan.flow.steps[$0].name }, submittedAt: plan.submittedAt, publishedAt: plan.publishedAt,
            createdBy: plan.createdBy, createdAt: plan.createdAt, version: plan.version, decisions: try decisions?.map(schema))
    }

    static func schema(_ activity: CommunityActivity) -> Components.Schemas.CommunityActivity {
        .init(
            id: activity.id, officeId: activity.officeID, planId: activity.planID, title: activity.title, heldOn: activity.heldOn.description,
            place: activity.place, participants: activity.participants, participantCount: activity.participantCount, record: activity.record,
            evaluation: activity.evaluation, evaluatedBy: activity.evaluatedBy, evaluatedAt: activity.evaluatedAt, createdBy: activity.createdBy,
            createdAt: activity.createdAt, version: activity.version)
    }
}
