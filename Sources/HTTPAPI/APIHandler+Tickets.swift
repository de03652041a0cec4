import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Services

extension APIHandler {
    func listTickets(_ input: Operations.ListTickets.Input) async throws -> Operations.ListTickets.Output {
        let query = input.query
        let filter = TicketFilter(
            officeID: query.officeId, states: try (query.state ?? []).map { try Self.wire($0) },
            category: try query.category.map { try Self.wire($0) }, assigneeID: query.assigneeId,
            breachedClock: try query.breachedClock.map { try Self.wire($0) }, recordedFrom: query.recordedFrom,
            recordedBefore: query.recordedBefore, text: query.q?.trimmingCharacters(in: .whitespaces).nilIfEmpty)
        let page = try await services.tickets.list(try await caller(), filter: filter, page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createTicket(_ input: Operations.CreateTicket.Input) async throws -> Operations.CreateTicket.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let draft = TicketService.Draft(
            officeID: body.officeId, source: try Self.wire(body.source), category: try Self.wire(body.category),
            urgency: try Self.wire(body.urgency), serviceMode: try Self.wire(body.serviceMode), appointmentAt: body.appointmentAt,
            receivedAt: body.receivedAt,
            location: .init(estateID: body.estateId, buildingID: body.buildingId, unitID: body.unitId, text: body.location ?? ""),
            ownerID: body.ownerId, contactName: body.contactName, contactPhone: body.contactPhone ?? "", content: body.content,
            againstManager: body.againstManager ?? false, involvesCompensation: body.involvesCompensation ?? false)
        let key = input.headers.idempotencyKey
        if let key, key.isEmpty || key.count > 200 || key.contains(where: { !$0.isASCII || $0.isNewline }) {
            throw ServiceError.validation([FieldIssue("Idempotency-Key", "must be 1-200 ASCII characters")])
        }
        let (view, _) = try await services.tickets.record(draft, idempotencyKey: key, try await caller())
        return .created(.init(
            headers: .init(eTag: Self.eTag(view.ticket.version), location: "/v1/tickets/\(view.ticket.id)"), body: .json(try Self.schema(view))))
    }

    func getTicket(_ input: Operations.GetTicket.Input) async throws -> Operations.GetTicket.Output {
        let view = try await services.tickets.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.ticket.version)), body: .json(try Self.schema(view))))
    }

    func transitionTicket(_ input: Operations.TransitionTicket.Input) async throws -> Operations.TransitionTicket.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        var step = TicketService.Step(try Self.wire(body.transition))
        step.category = try body.category.map { try Self.wire($0) }
        step.urgency = try body.urgency.map { try Self.wire($0) }
        step.assigneeID = body.assigneeId
        step.plan = body.plan
        step.workTime = body.workTime
        step.impact = body.impact
        step.protection = body.protection
        step.ownerCooperation = body.ownerCooperation
        step.items = try (body.items ?? []).enumerated().map { index, line in
            guard line.quantity.range(of: #"^[0-9]{1,5}(\.[0-9]{1,2})?$"#, options: .regularExpression) != nil,
                  let quantity = Decimal(string: line.quantity, locale: Locale(identifier: "en_US_POSIX"))
            else { throw ServiceError.validation([FieldIssue("items/\(index)/quantity", "must be a number such as 2 or 1.5")]) }
            return TicketService.PlanItem(serviceItemID: line.serviceItemId, quantity: quantity)
        }
        step.agreedBy = body.agreedBy
        step.escalationLevel = body.level?.rawValue
        step.departmentID = body.departmentId
        step.materials = body.materials
        step.amountCharged = try Self.decimal(body.amountCharged, field: "amountCharged")
        step.acceptorName = body.acceptorName
        step.acceptorSignature = try body.acceptorSignature.map {
            guard let data = Data(base64Encoded: $0.data) else {
                throw ServiceError.validation([FieldIssue("acceptorSignature/data", "must be base64")])
            }
            return TicketService.SignatureImage(mediaType: $0.mediaType.rawValue, data: data)
        }
        step.feasibility = body.feasibility?.rawValue
        step.answer = body.answer
        step.fixed = body.fixed
        step.satisfaction = body.satisfaction
        step.chargeCorrect = body.chargeCorrect
        step.channel = body.channel?.rawValue
        step.reason = body.reason
        step.comment = body.comment
        step.causeAnalysis = body.causeAnalysis
        step.preventiveMeasures = body.preventiveMeasures
        let view = try await services.tickets.transition(
            id: input.path.id, step, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.ticket.version)), body: .json(try Self.schema(view))))
    }

    func listTicketEvents(_ input: Operations.ListTicketEvents.Input) async throws -> Operations.ListTicketEvents.Output {
        let page = try await services.tickets.events(
            id: input.path.id, try await caller(), page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func addTicketEvent(_ input: Operations.AddTicketEvent.Input) async throws -> Operations.AddTicketEvent.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let text = body.text ?? ""
        let note: TicketService.Note
        switch body.kind {
        case .reportEmergency: note = .reportEmergency(notified: body.notified ?? [])
        case .ownerCalled: note = .ownerCalled(text: text)
        case .cannotHandle: note = .cannotHandle(text: text)
        case .pause:
            guard let reason = body.pauseReason else { throw ServiceError.validation([FieldIssue("pauseReason", "is required here")]) }
            note = .pause(try Self.wire(reason))
        case .resumeClocks: note = .resumeClocks
        case .chase: note = .chase(text: text)
        case .complaint: note = .complaint(text: text)
        case .note: note = .note(text: text)
        }
        let view = try await services.tickets.note(
            id: input.path.id, note, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.ticket.version)), body: .json(try Self.schema(view))))
    }

    func getTicketSignature(_ input: Operations.GetTicketSignature.Input) async throws -> Operations.GetTicketSignature.Output {
        let signature = try await services.tickets.signature(id: input.path.id, round: input.query.round, try await caller())
        let body = HTTPBody(signature.data)
        return .ok(.init(body: signature.mediaType == "image/png" ? .png(body) : .jpeg(body)))
    }

    func getOpinionForm(_ input: Operations.GetOpinionForm.Input) async throws -> Operations.GetOpinionForm.Output {
        let form = try await services.tickets.opinionForm(id: input.path.id, try await caller())
        func signature(_ signature: CustomerOpinionForm.Signature?) -> Components.Schemas.FormSignature? {
            signature.map { .init(name: $0.name, at: $0.at) }
        }
        return .ok(.init(body: .json(.init(
            number: form.number, customerName: form.customerName, address: form.address, phone: form.phone, receiver: form.receiver,
            visitTime: form.visitTime, place: form.place, situation: form.situation, wishesAndSuggestions: form.wishesAndSuggestions,
            recorder: .init(name: form.recorder.name, at: form.recorder.at), solution: form.solution, handler: signature(form.handler),
            resultFollowUp: form.resultFollowUp, tracker: signature(form.tracker), remarks: form.remarks))))
    }

    func listNotifications(_ input: Operations.ListNotifications.Input) async throws -> Operations.ListNotifications.Output {
        let page = try await services.notifications.mine(try await caller(), page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(
            items: try page.items.map { notification in
                .init(
                    id: notification.id, officeId: notification.officeID, kind: try Self.wire(notification.kind),
                    ticketId: notification.ticketID, subject: try notification.subject.map { try Self.wire($0.kind) },
                    subjectId: notification.subject?.id, clock: try notification.clock.map { try Self.wire($0) }, round: notification.round,
                    dueAt: notification.dueAt, createdAt: notification.createdAt)
            },
            nextCursor: page.nextCursor))))
    }

    static func schema(_ view: TicketService.View) throws -> Components.Schemas.Ticket {
        let ticket = view.ticket
        return .init(
            id: ticket.id, officeId: ticket.officeID, number: ticket.number, state: try wire(ticket.state), source: try wire(ticket.source),
            category: try wire(ticket.category), urgency: try wire(ticket.urgency), serviceMode: try wire(ticket.serviceMode),
            appointmentAt: ticket.appointmentAt, estateId: ticket.location.estateID, buildingId: ticket.location.buildingID,
            unitId: ticket.location.unitID, ownerId: ticket.ownerID, location: ticket.location.text, contactName: ticket.contactName,
            contactPhone: ticket.contactPhone, content: ticket.content, receivedAt: ticket.receivedAt, recordedAt: ticket.recordedAt,
            receiverId: ticket.receiverID, assigneeId: ticket.assigneeID, reworkCount: ticket.reworkCount, chaseCount: ticket.chaseCount,
            ownerComplained: ticket.ownerComplained, againstManager: ticket.againstManager,
            involvesCompensation: ticket.involvesCompensation, leadershipRequired: ticket.needsLeadership, pausedReason: try ticket.pausedReason.map { try wire($0) },
            cancelReason: ticket.cancelReason, closedAt: ticket.closedAt, version: ticket.version,
            clocks: try view.clocks.map { clock in
                .init(
                    kind: try wire(clock.kind), round: clock.round, policyVersion: clock.policyVersion, startedAt: clock.startedAt,
                    dueAt: clock.dueAt, warnAt: clock.warnAt, pausedSeconds: clock.pausedSeconds, stoppedAt: clock.stoppedAt,
                    outcome: try clock.outcome.map { try wire($0) }, marginSeconds: clock.marginSeconds)
            },
            nextTransitions: try view.nextTransitions.filter { $0 != .returnVisitFailed }.map { try wire($0) },
            plan: view.plan.map(schema))
    }

    static func schema(_ entry: TicketHistoryEntry) throws -> Components.Schemas.TicketEvent {
        .init(
            id: entry.id, at: entry.at, actorId: entry.actorID, kind: entry.kind, fromState: try entry.fromState.map { try wire($0) },
            toState: try wire(entry.toState), payload: .init(additionalProperties: entry.payload), requestId: entry.requestID)
    }
}
