import APIContract
import Domain
import Foundation
import Services

// Safety observation and communication (SAF).
extension APIHandler {
    func listSafetyDeviations(_ input: Operations.ListSafetyDeviations.Input) async throws -> Operations.ListSafetyDeviations.Output {
        let query = input.query
        let page = try await services.safetyDeviations.list(
            officeID: query.officeId, departmentID: query.departmentId, applying: query.applying, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func approveSafetyDeviation(_ input: Operations.ApproveSafetyDeviation.Input) async throws -> Operations.ApproveSafetyDeviation.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let unit = try Self.safetyUnit(officeID: body.officeId, departmentID: body.departmentId)
        let view = try await services.safetyDeviations.approve(
            .init(
                unit: unit, clause: body.clause, deviation: body.deviation, reasons: body.reasons,
                startsOn: try Self.day(body.startsOn, field: "startsOn"), endsOn: try Self.day(body.endsOn, field: "endsOn")),
            try await caller())
        return .created(.init(body: .json(Self.schema(view))))
    }

    func getSafetyDeviation(_ input: Operations.GetSafetyDeviation.Input) async throws -> Operations.GetSafetyDeviation.Output {
        .ok(.init(body: .json(Self.schema(try await services.safetyDeviations.get(id: input.path.id, try await caller())))))
    }

    func createSafetyArea(_ input: Operations.CreateSafetyArea.Input) async throws -> Operations.CreateSafetyArea.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let area = try await services.safetyObservation.createArea(
            unit: try Self.safetyUnit(officeID: body.officeId, departmentID: body.departmentId), name: body.name, try await caller())
        return .created(.init(body: .json(.init(id: area.id, officeId: area.unit.officeID, departmentId: area.unit.departmentID, name: area.name))))
    }

    func createSafetyTeam(_ input: Operations.CreateSafetyTeam.Input) async throws -> Operations.CreateSafetyTeam.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let team = try await services.safetyObservation.createTeam(
            unit: try Self.safetyUnit(officeID: body.officeId, departmentID: body.departmentId), name: body.name, leaderID: body.leaderId,
            memberIDs: body.memberIds, try await caller())
        return .created(.init(body: .json(Self.schema(team))))
    }

    func getSafetySetup(_ input: Operations.GetSafetySetup.Input) async throws -> Operations.GetSafetySetup.Output {
        let setup = try await services.safetyObservation.setup(
            of: try Self.safetyUnit(officeID: input.query.officeId, departmentID: input.query.departmentId), try await caller())
        return .ok(.init(body: .json(.init(
            areas: setup.areas.map { .init(id: $0.id, officeId: $0.unit.officeID, departmentId: $0.unit.departmentID, name: $0.name) },
            teams: setup.teams.map(Self.schema), shifts: setup.shifts.map(Self.schema), timeSlots: setup.timeSlots.map(Self.schema)))))
    }

    func createSafetyTimeSlot(_ input: Operations.CreateSafetyTimeSlot.Input) async throws -> Operations.CreateSafetyTimeSlot.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let slot = try await services.safetyObservation.createTimeSlot(
            unit: try Self.safetyUnit(officeID: body.officeId, departmentID: body.departmentId), name: body.name, startsAt: body.startsAt,
            endsAt: body.endsAt, try await caller())
        return .created(.init(body: .json(Self.schema(slot))))
    }

    func listSafetyPlans(_ input: Operations.ListSafetyPlans.Input) async throws -> Operations.ListSafetyPlans.Output {
        let query = input.query
        let plans = try await services.safetyPlans.list(
            of: try Self.safetyUnit(officeID: query.officeId, departmentID: query.departmentId), year: query.year, try await caller())
        return .ok(.init(body: .json(.init(items: plans.map { Self.schema($0, items: false, coverage: nil) }))))
    }

    func createSafetyPlan(_ input: Operations.CreateSafetyPlan.Input) async throws -> Operations.CreateSafetyPlan.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.safetyPlans.create(
            unit: try Self.safetyUnit(officeID: body.officeId, departmentID: body.departmentId), year: body.year, items: body.items.map(Self.item),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.plan.version)), body: .json(Self.schema(view.plan, items: true, coverage: view.coverage))))
    }

    func getSafetyPlan(_ input: Operations.GetSafetyPlan.Input) async throws -> Operations.GetSafetyPlan.Output {
        let view = try await services.safetyPlans.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.plan.version)), body: .json(Self.schema(view.plan, items: true, coverage: view.coverage))))
    }

    func updateSafetyPlan(_ input: Operations.UpdateSafetyPlan.Input) async throws -> Operations.UpdateSafetyPlan.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.safetyPlans.update(
            id: input.path.id, items: body.items.map(Self.item), expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.plan.version)), body: .json(Self.schema(view.plan, items: true, coverage: view.coverage))))
    }

    static func item(_ item: Components.Schemas.SafetyPlanItem) -> SafetyPlan.Item {
        SafetyPlan.Item(month: item.month, areaID: item.areaId, timeSlotID: item.timeSlotId, shiftID: item.shiftId, teamID: item.teamId)
    }

    static func schema(_ plan: SafetyPlan, items: Bool, coverage: SafetyPlan.Coverage?) -> Components.Schemas.SafetyPlan {
        .init(
            id: plan.id, officeId: plan.unit.officeID, departmentId: plan.unit.departmentID, year: plan.year, createdBy: plan.createdBy,
            createdAt: plan.createdAt, updatedAt: plan.updatedAt, version: plan.version,
            items: items ? plan.items.map { .init(month: $0.month, areaId: $0.areaID, timeSlotId: $0.timeSlotID, shiftId: $0.shiftID, teamId: $0.teamID) } : nil,
            coverage: coverage.map {
                .init(
                    complete: $0.complete, uncoveredAreaIds: $0.uncoveredAreaIDs, uncoveredTimeSlotIds: $0.uncoveredTimeSlotIDs,
                    uncoveredShiftIds: $0.uncoveredShiftIDs, uncoveredMonths: $0.uncoveredMonths)
            })
    }

    static func schema(_ slot: SafetyTimeSlot) -> Components.Schemas.SafetyTimeSlot {
        .init(id: slot.id, officeId: slot.unit.officeID, departmentId: slot.unit.departmentID, name: slot.name, startsAt: slot.startsAt, endsAt: slot.endsAt)
    }

    func createSafetyShift(_ input: Operations.CreateSafetyShift.Input) async throws -> Operations.CreateSafetyShift.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let shift = try await services.safetyObservation.createShift(
            unit: try Self.safetyUnit(officeID: body.officeId, departmentID: body.departmentId), code: body.code, name: body.name,
            leaderID: body.leaderId, crewIDs: body.crewIds, try await caller())
        return .created(.init(body: .json(Self.schema(shift))))
    }

    func getSafetyCompliance(_ input: Operations.GetSafetyCompliance.Input) async throws -> Operations.GetSafetyCompliance.Output {
        let query = input.query
        let report = try await services.safetyCompliance.compliance(
            of: try Self.safetyUnit(officeID: query.officeId, departmentID: query.departmentId), from: try Self.day(query.from, field: "from"),
            to: try Self.day(query.to, field: "to"), try await caller())
        let rows = report.compliance.rows
        return .ok(.init(body: .json(.init(
            from: report.from.description, to: report.to.description, workingDays: report.workingDays.map(\.description),
            rows: rows.map { row in
                let obligation: Components.Schemas.SafetyComplianceRow.ObligationPayload = switch row.obligation {
                case .manager: .manager
                case .shiftLeader: .shiftLeader
                case .shiftCrew: .shiftCrew
                }
                return .init(
                    day: row.day.description, obligation: obligation, userId: row.obligation.userID, shift: row.obligation.shift,
                    required: row.required, done: row.done, met: row.met)
            },
            people: report.compliance.people.map { .init(userId: $0.userID, due: $0.due, met: $0.met) },
            due: rows.count, met: rows.filter(\.met).count))))
    }

    func getSafetyWeeklyAnalysis(_ input: Operations.GetSafetyWeeklyAnalysis.Input) async throws -> Operations.GetSafetyWeeklyAnalysis.Output {
        let query = input.query
        let analysis = try await services.safetyAnalysis.weekly(
            of: try Self.safetyUnit(officeID: query.officeId, departmentID: query.departmentId),
            day: try query.day.map { try Self.day($0, field: "day") }, try await caller())
        return .ok(.init(body: .json(.init(
            weekStart: analysis.weekStart.description,
            categories: try analysis.categories.map {
                .init(
                    category: try Self.wire($0.category), safe: $0.safe, unsafe: $0.unsafe, previous: $0.previous,
                    previousAverage: $0.previousAverage.twoDecimalText, trend: try Self.wire($0.trend), repeated: $0.repeated)
            },
            top: try analysis.top.map { try Self.wire($0) }))))
    }

    static func schema(_ shift: SafetyShift) -> Components.Schemas.SafetyShift {
        .init(
            id: shift.id, officeId: shift.unit.officeID, departmentId: shift.unit.departmentID, code: shift.code, name: shift.name,
            leaderId: shift.leaderID, crewIds: shift.crewIDs)
    }

    func recordStopCard(_ input: Operations.RecordStopCard.Input) async throws -> Operations.RecordStopCard.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let card = try await services.safetyObservation.recordCard(
            .init(
                unit: try Self.safetyUnit(officeID: body.officeId, departmentID: body.departmentId), kind: try Self.wire(body.kind),
                teamID: body.teamId, areaID: body.areaId, shift: body.shift, observedAt: body.observedAt,
                observations: try body.observations.map {
                    .init(
                        category: try Self.wire($0.category), safe: $0.safe, actions: try $0.actions.map { try Self.wire($0) },
                        note: $0.note ?? "")
                }),
            try await caller())
        return .created(.init(body: .json(try Self.schema(card))))
    }

    func listStopCards(_ input: Operations.ListStopCards.Input) async throws -> Operations.ListStopCards.Output {
        let query = input.query
        let page = try await services.safetyObservation.cards(
            of: try Self.safetyUnit(officeID: query.officeId, departmentID: query.departmentId), kind: try query.kind.map { try Self.wire($0) },
            from: try Self.day(query.from, field: "from"), to: try Self.day(query.to, field: "to"), try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func getSafetyStatistics(_ input: Operations.GetSafetyStatistics.Input) async throws -> Operations.GetSafetyStatistics.Output {
        let query = input.query
        let statistics = try await services.safetyObservation.statistics(
            of: try Self.safetyUnit(officeID: query.officeId, departmentID: query.departmentId),
            from: try Self.day(query.from, field: "from"), to: try Self.day(query.to, field: "to"), try await caller())
        return .ok(.init(body: .json(.init(
            plannedCards: statistics.plannedCards, randomCards: statistics.randomCards,
            lines: try statistics.lines.map { .init(category: try Self.wire($0.category), safe: $0.safe, unsafe: $0.unsafe) }))))
    }

    static func schema(_ team: SafetyTeam) -> Components.Schemas.SafetyTeam {
        .init(
            id: team.id, officeId: team.unit.officeID, departmentId: team.unit.departmentID, name: team.name, leaderId: team.leaderID,
            memberIds: team.memberIDs)
    }

    static func schema(_ card: StopCard) throws -> Components.Schemas.StopCard {
        .init(
            id: card.id, officeId: card.unit.officeID, departmentId: card.unit.departmentID, kind: try wire(card.kind), teamId: card.teamID,
            observerId: card.observerID, areaId: card.areaID, shift: card.shift, observedAt: card.observedAt, recordedAt: card.recordedAt,
            counted: card.counts,
            observations: try card.observations.map {
                .init(category: try wire($0.category), safe: $0.safe, actions: try $0.actions.map { try wire($0) }, note: $0.note)
            })
    }

    /// The unit a request names: exactly one of `officeId` and `departmentId`, or a 422.
    static func safetyUnit(officeID: Int64?, departmentID: Int64?) throws -> SafetyUnit {
        guard let unit = SafetyUnit(officeID: officeID, departmentID: departmentID)
        else { throw ServiceError.validation([FieldIssue("officeId", "name exactly one unit: officeId or departmentId")]) }
        return unit
    }

    static func schema(_ view: SafetyDeviationService.View) -> Components.Schemas.SafetyDeviation {
        let deviation = view.deviation
        return .init(
            id: deviation.id, officeId: deviation.unit.officeID, departmentId: deviation.unit.departmentID, clause: deviation.clause,
            deviation: deviation.deviation, reasons: deviation.reasons, startsOn: deviation.startsOn.description,
            endsOn: deviation.endsOn.description, days: deviation.days, approvedBy: deviation.approvedBy, approvedAt: deviation.approvedAt,
            applies: view.applies, expired: view.expired)
    }
}
