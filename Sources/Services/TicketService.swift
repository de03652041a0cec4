import Crypto
import Domain
import Foundation
import Persistence

/// Front-desk information tickets (TKT-1..15): record, read, list, and move through the
/// lifecycle. Each call is one transaction that writes the ticket, its clocks and one history
/// event (the ticket's audit trail) together; office roles act only in their own offices.
public struct TicketService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// A ticket as the API shows it: with its clocks, the plan of its current round (when read
    /// one at a time; lists leave it out), and the steps possible now.
    public struct View: Sendable {
        public let ticket: Ticket
        public let clocks: [SLAClock]
        public var plan: TicketPlan? = nil
        public var nextTransitions: [TicketTransition] { TicketLifecycle.allowedTransitions(from: ticket.state) }
    }

    public struct Draft: Sendable {
        public var officeID: Int64
        public var source: TicketSource
        public var category: TicketCategory
        public var urgency: TicketUrgency
        public var serviceMode: ServiceMode
        public var appointmentAt: Date?
        public var receivedAt: Date?
        public var location: Ticket.Location
        public var ownerID: Int64?
        public var contactName: String
        public var contactPhone: String
        public var content: String
        /// CMP-2: a complaint against an office manager, or involving compensation, goes to leadership.
        public var againstManager: Bool
        public var involvesCompensation: Bool

        public init(
            officeID: Int64, source: TicketSource, category: TicketCategory, urgency: TicketUrgency = .normal,
            serviceMode: ServiceMode = .immediate, appointmentAt: Date? = nil, receivedAt: Date? = nil,
            location: Ticket.Location = .init(), ownerID: Int64? = nil, contactName: String, contactPhone: String = "", content: String,
            againstManager: Bool = false, involvesCompensation: Bool = false
        ) {
            self.againstManager = againstManager
            self.involvesCompensation = involvesCompensation
            self.officeID = officeID
            self.source = source
            self.category = category
            self.urgency = urgency
            self.serviceMode = serviceMode
            self.appointmentAt = appointmentAt
            self.receivedAt = receivedAt
            self.location = location
            self.ownerID = ownerID
            self.contactName = contactName
            self.contactPhone = contactPhone
            self.content = content
        }

        /// The request's fingerprint for Idempotency-Key: every field, in a fixed order.
        var fingerprint: Data {
            let fields: [String] = [
                String(officeID), source.rawValue, category.rawValue, urgency.rawValue, serviceMode.rawValue,
                appointmentAt.map { String($0.timeIntervalSince1970) } ?? "", receivedAt.map { String($0.timeIntervalSince1970) } ?? "",
                location.estateID.map(String.init) ?? "", location.buildingID.map(String.init) ?? "",
                location.unitID.map(String.init) ?? "", location.text, ownerID.map(String.init) ?? "", contactName, contactPhone, content,
                String(againstManager), String(involvesCompensation),
            ]
            return Data(SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8)))
        }
    }

    /// A lifecycle step and the fields it uses (see `TicketTransitionInput` in openapi.yaml).
    public struct Step: Sendable {
        public var transition: TicketTransition
        public var category: TicketCategory?
        public var urgency: TicketUrgency?
        public var assigneeID: Int64?
        /// plan: what will be done (TKT-7), when, its impact, the protection, the owner's part, and priced lines (TKT-8).
        public var plan: String?
        public var workTime: String?
        public var impact: String?
        public var protection: String?
        public var ownerCooperation: String?
        public var items: [PlanItem] = []
        public var agreedBy: String?
        public var escalationLevel: String?
        public var departmentID: Int64?
        public var materials: String?
        public var amountCharged: Decimal?
        public var acceptorName: String?
        /// accept: the owner's signature on the processing sheet, as an image (TKT-10).
        public var acceptorSignature: SignatureImage?
        /// complete of a suggestion: the feasibility verdict and the answer (CMP-7).
        public var feasibility: String?
        public var answer: String?
        public var fixed: Bool?
        public var satisfaction: Int?
        public var chargeCorrect: Bool?
        public var channel: String?
        public var reason: String?
        public var comment: String?
        /// close of a complaint: why it happened and what prevents it (CMP-4).
        public var causeAnalysis: String?
        public var preventiveMeasures: String?

        public init(_ transition: TicketTransition) {
            self.transition = transition
        }
    }

    /// An image of the owner's signature: PNG or JPEG, at most `maximumBytes`.
    public struct SignatureImage: Sendable {
        public var mediaType: String
        public var data: Data

        public init(mediaType: String, data: Data) {
            self.mediaType = mediaType
            self.data = data
        }

        public static let maximumBytes = 256 * 1024

        /// Whether the bytes are the image type named (its signature bytes), within the size limit.
        var isValid: Bool {
            guard !data.isEmpty, data.count <= Self.maximumBytes else { return false }
            switch mediaType {
            case "image/png": return data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            case "image/jpeg": return data.starts(with: [0xFF, 0xD8, 0xFF])
            default: return false
            }
        }
    }

    /// A priced line asked for in a plan: a service-guide item in force for the ticket's office (INF-5).
    public struct PlanItem: Sendable {
        public var serviceItemID: Int64
        public var quantity: Decimal

        public init(serviceItemID: Int64, quantity: Decimal) {
            self.serviceItemID = serviceItemID
            self.quantity = quantity
        }
    }

    /// Something that happened without a state change (see `TicketEventInput` in openapi.yaml).
    public enum Note: Sendable {
        case reportEmergency(notified: [String])
        case ownerCalled(text: String)
        case cannotHandle(text: String)
        case pause(ClockPauseReason)
        case resumeClocks
        case chase(text: String)
        case complaint(text: String)
        case note(text: String)
    }

    /// A return visit passes when the work is fixed, the charge was right and the owner is at least this satisfied (1-5).
    public static let minimumPassingSatisfaction = 3
    /// How long an Idempotency-Key answers with its first ticket; after that it is a new key
    /// (the deadline sweeper deletes expired keys).
    public static let idempotencyRetention: TimeInterval = 24 * 3600
    /// How far back a contact's receipt may be dated.
    public static let maximumReceiptAge: TimeInterval = 24 * 3600

    static let constraintFields = [
        "ticket_estate_fkey": "estateId", "ticket_building_fkey": "buildingId", "ticket_unit_fkey": "unitId",
        "ticket_owner_fkey": "ownerId", "ticket_assignee_fkey": "assigneeId", "ticket_contact_name_not_blank": "contactName",
        "ticket_content_not_blank": "content", "ticket_leadership_only_complaints": "category",
    ]

    // MARK: Reading

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let ticket = try await Self.ticket(id, work: work)
            return View(
                ticket: ticket, clocks: try await TicketClockRepository.clocks(of: ticket, in: work.tx),
                plan: try await TicketPlanRepository.find(of: ticket, round: ticket.reworkCount, in: work.tx))
        }
    }

    /// Tickets newest first; the cursor is the last ticket's id.
    public func list(_ caller: Caller, filter: TicketFilter, page: PageRequest) async throws -> Page<View> {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let rows = try await TicketRepository.list(filter, beforeID: page.afterID, limit: page.limit, in: work.tx)
            let tickets = page.page(from: rows, id: \.id)
            let clocks = try await TicketClockRepository.clocks(ofTickets: tickets.items, in: work.tx)
            return Page(items: tickets.items.map { View(ticket: $0, clocks: clocks[$0.id] ?? []) }, nextCursor: tickets.nextCursor)
        }
    }

    public func events(id: Int64, _ caller: Caller, page: PageRequest) async throws -> Page<TicketHistoryEntry> {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let ticket = try await Self.ticket(id, work: work)
            return page.page(from: try await TicketRepository.events(ticket: ticket, afterID: page.afterID, limit: page.limit, in: work.tx), id: \.id)
        }
    }

    /// The owner's signature image of the round's acceptance (default: the current round).
    public func signature(id: Int64, round: Int?, _ caller: Caller) async throws -> SignatureImage {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let ticket = try await Self.ticket(id, work: work)
            let round = round ?? ticket.reworkCount
            guard let found = try await TicketSignatureRepository.find(of: ticket, round: round, in: work.tx) else {
                throw ServiceError.notFound("ticket \(id) has no signature image for round \(round)")
            }
            return SignatureImage(mediaType: found.mediaType, data: found.image)
        }
    }

    /// The customer opinion form of a complaint (CMP-6); other tickets have none (409).
    public func opinionForm(id: Int64, _ caller: Caller) async throws -> CustomerOpinionForm {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let ticket = try await Self.ticket(id, work: work)
            guard ticket.category == .complaint else {
                throw ServiceError.invalidState("the ticket is a \(ticket.category.rawValue), not a complaint; only complaints have an opinion form")
            }
            let history = try await TicketRepository.events(ticket: ticket, afterID: nil, limit: 5000, in: work.tx)
            var names: [Int64: String] = [:]
            for person in Set(history.compactMap(\.actorID) + [ticket.receiverID]) {
                names[person] = try await StaffUserRepository.find(id: person, in: work.tx)?.displayName
            }
            var address: [String] = []
            if let estate = ticket.location.estateID { address.append(try await EstateRepository.find(estateID: estate, in: work.tx)?.name ?? "") }
            if let building = ticket.location.buildingID { address.append(try await EstateRepository.find(buildingID: building, in: work.tx)?.name ?? "") }
            if let unit = ticket.location.unitID { address.append(try await EstateRepository.find(unitID: unit, in: work.tx)?.number ?? "") }
            return CustomerOpinionForm.of(
                ticket, history: history, address: address.filter { !$0.isEmpty }.joined(separator: " "), names: names)
        }
    }

    // MARK: Recording

    /// Records a ticket (TKT-1..4) with the caller as first-contact receiver (TKT-2).
    /// Returns the view and whether it is a replay of an earlier request with the same key.
    public func record(_ draft: Draft, idempotencyKey: String?, _ caller: Caller) async throws -> (view: View, replayed: Bool) {
        try await runner.perform(caller, .recordTickets, fields: Self.constraintFields) { work in
            if let key = idempotencyKey {
                guard try await IdempotencyRepository.tryLock(userID: caller.actor.userID, key: key, in: work.tx) else {
                    throw ServiceError.invalidState("a request with this Idempotency-Key is still running")
                }
                try await IdempotencyRepository.expire(
                    userID: caller.actor.userID, key: key, storedBefore: work.now.addingTimeInterval(-Self.idempotencyRetention), in: work.tx)
                if let earlier = try await IdempotencyRepository.find(userID: caller.actor.userID, key: key, in: work.tx) {
                    guard earlier.requestHash == draft.fingerprint else {
                        throw ServiceError.validation([FieldIssue("Idempotency-Key", "was used for a different request")])
                    }
                    let clocks = try await TicketClockRepository.clocks(of: earlier.response, in: work.tx)
                    return (View(ticket: earlier.response, clocks: clocks.filter { $0.startedAt <= earlier.response.recordedAt }), true)
                }
            }
            // The office first: another office's records are invisible, so checking the location first would misname the field.
            guard work.covers(office: draft.officeID),
                  let office = try await OrganizationUnitRepository.find(.office, id: draft.officeID, in: work.tx), office.archivedAt == nil
            else { throw ServiceError.validation([FieldIssue("officeId", "no active office with this id")]) }
            let draft = try await validated(draft, work: work)

            let environment = try await Self.clockRules(officeID: office.id, work: work)
            let day = LocalDate(work.now, in: environment.timeZone)
            // From here to COMMIT the office's number counter is locked: the writes after the insert are queued for COMMIT.
            var ticket = try await TicketRepository.insertNumbered(Ticket(
                id: 0, officeID: office.id, number: "",
                state: .recorded, source: draft.source, category: draft.category, urgency: draft.urgency, serviceMode: draft.serviceMode,
                appointmentAt: draft.appointmentAt, location: draft.location, ownerID: draft.ownerID, contactName: draft.contactName,
                contactPhone: draft.contactPhone, content: draft.content, receivedAt: draft.receivedAt ?? work.now, recordedAt: work.now,
                receiverID: caller.actor.userID, assigneeID: nil, reworkCount: 0, chaseCount: 0, ownerComplained: false,
                againstManager: draft.againstManager, involvesCompensation: draft.involvesCompensation,
                pausedReason: nil, cancelReason: nil, closedAt: nil, version: 1), officeCode: office.code, day: day, in: work.tx)
            let clocks = environment.apply(.record, to: [], context: Self.context(ticket), at: work.now)
            try await TicketClockRepository.save(clocks, before: [], of: ticket, in: work.tx)
            var payload = ["number": ticket.number, "category": ticket.category.rawValue, "urgency": ticket.urgency.rawValue]
            if ticket.needsLeadership {
                // CMP-2: leadership learns of it at once, without waiting for the office.
                let leaders = try await NotificationRepository.users(withRole: .generalManager, in: work.tx)
                for leader in leaders {
                    try await NotificationRepository.insert(
                        officeID: ticket.officeID, recipientID: leader, kind: .leadershipComplaint, ticketID: ticket.id, at: work.now, in: work.tx)
                }
                payload["leadership_notified"] = leaders.map(String.init).joined(separator: ",")
            }
            try await TicketRepository.appendEvent(
                to: ticket, kind: "record", from: nil, payload: payload,
                actorID: caller.actor.userID, requestID: caller.requestID, at: work.now, in: work.tx)
            if let key = idempotencyKey {
                try await IdempotencyRepository.insert(
                    userID: caller.actor.userID, key: key, requestHash: draft.fingerprint, response: ticket, at: work.now, in: work.tx)
            }
            ticket.version = 1
            return (View(ticket: ticket, clocks: clocks), false)
        }
    }

    // MARK: Transitions

    /// Moves the ticket one step (TKT-5..13). Illegal steps are 409 naming the current state.
    public func transition(id: Int64, _ step: Step, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .processTickets, fields: Self.constraintFields) { work in
            var ticket = try await Self.ticket(id, work: work, forUpdate: true)
            try work.check(version: ticket.version, expected: expectedVersion)
            let from = ticket.state
            var transition = step.transition
            var payload: [String: String] = [:]
            var issues: [FieldIssue] = []
            func required(_ value: String?, _ field: String, limit: Int) -> String {
                let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if text.isEmpty || text.count > limit { issues.append(FieldIssue(field, "is required here: 1-\(limit) characters")) }
                return text
            }
            func optional(_ value: String?, _ field: String, limit: Int) -> String? {
                let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if text.count > limit { issues.append(FieldIssue(field, "must have at most \(limit) characters")) }
                return text.isEmpty ? nil : text
            }
            var planHasCharge = false
            var newPlan: TicketPlan?

            switch step.transition {
            case .classify:
                if let category = step.category { ticket.category = category; payload["category"] = category.rawValue }
                if ticket.category != .complaint, ticket.againstManager || ticket.involvesCompensation {
                    issues.append(FieldIssue("category", "stays complaint: it is a complaint for leadership (CMP-2)"))
                }
                if let urgency = step.urgency { ticket.urgency = urgency; payload["urgency"] = urgency.rawValue }
            case .dispatch:
                let assignee = try await Self.assignee(step.assigneeID, for: ticket, work: work)
                ticket.assigneeID = assignee
                payload["assignee_id"] = String(assignee)
            case .sign:
                ticket.assigneeID = caller.actor.userID
                payload["signed_by"] = String(caller.actor.userID)
            case .plan:
                let lines = try await Self.priced(step.items, for: ticket, issues: &issues, work: work)
                let plan = TicketPlan(
                    round: ticket.reworkCount, description: required(step.plan, "plan", limit: 4000),
                    workTime: required(step.workTime, "workTime", limit: 200), impact: optional(step.impact, "impact", limit: 1000) ?? "",
                    protection: optional(step.protection, "protection", limit: 1000) ?? "",
                    ownerCooperation: optional(step.ownerCooperation, "ownerCooperation", limit: 1000) ?? "",
                    lines: lines,
                    plannedAt: work.now, plannedBy: caller.actor.userID)
                payload["plan"] = plan.description
                payload["work_time"] = plan.workTime
                if !plan.lines.isEmpty {
                    payload["items"] = plan.lines.map { "\($0.code) × \($0.quantity) = \($0.amount)" }.joined(separator: "; ")
                    payload["total"] = "\(plan.total)"
                }
                newPlan = plan
            case .agreePlan:
                payload["agreed_by"] = required(step.agreedBy, "agreedBy", limit: 100)
            case .startWork:
                planHasCharge = try await TicketPlanRepository.find(of: ticket, round: ticket.reworkCount, in: work.tx)?.needsAgreement == true
            case .escalate:
                let level = step.escalationLevel ?? ""
                if !["supervisor", "managers_meeting", "hq_department"].contains(level) {
                    issues.append(FieldIssue("level", "is required here: supervisor, managers_meeting or hq_department"))
                }
                payload["level"] = level
                payload["reason"] = required(step.reason, "reason", limit: 1000)
                if level == "hq_department" {
                    if let department = step.departmentID,
                       try await OrganizationUnitRepository.find(.department, id: department, in: work.tx) != nil {
                        payload["department_id"] = String(department)
                    } else {
                        issues.append(FieldIssue("departmentId", "must name an HQ department for a fault escalation form (INF-3)"))
                    }
                }
            case .resume:
                if let comment = optional(step.comment, "comment", limit: 1000) { payload["answer"] = comment }
                try await Self.requireAnsweredEscalation(ticket, work: work)
            case .complete:
                if from == .escalated { try await Self.requireAnsweredEscalation(ticket, work: work) }
                if ticket.category == .suggestion {
                    // CMP-7: analysed for feasibility and answered by the person the office manager authorizes.
                    try await Self.requireAuthorizedAnswerer(for: ticket, work: work)
                    let verdicts = ["feasible", "partly_feasible", "not_feasible"]
                    if let feasibility = step.feasibility, verdicts.contains(feasibility) {
                        payload["feasibility"] = feasibility
                    } else {
                        issues.append(FieldIssue("feasibility", "is required for a suggestion: \(verdicts.joined(separator: ", "))"))
                    }
                    payload["answer"] = required(step.answer, "answer", limit: 2000)
                }
                if let materials = optional(step.materials, "materials", limit: 1000) { payload["materials"] = materials }
                if let amount = step.amountCharged { payload["amount_charged"] = "\(amount)" }
            case .accept:
                payload["acceptor_name"] = required(step.acceptorName, "acceptorName", limit: 100)
                if let signature = step.acceptorSignature {
                    if signature.isValid {
                        payload["signature"] = "\(signature.mediaType), \(signature.data.count) bytes"
                    } else {
                        issues.append(FieldIssue(
                            "acceptorSignature", "must be a PNG or JPEG image of the type named, at most \(SignatureImage.maximumBytes / 1024) KiB"))
                    }
                }
            case .reject:
                payload["reason"] = required(step.reason, "reason", limit: 1000)
            case .returnVisit, .returnVisitFailed:
                guard let fixed = step.fixed else { issues.append(FieldIssue("fixed", "is required here")); break }
                guard let satisfaction = step.satisfaction, (1...5).contains(satisfaction) else {
                    issues.append(FieldIssue("satisfaction", "is required here: 1-5")); break
                }
                guard let channel = step.channel, ["phone", "in_person"].contains(channel) else {
                    issues.append(FieldIssue("channel", "is required here: phone or in_person")); break
                }
                let passed = fixed && step.chargeCorrect != false && satisfaction >= Self.minimumPassingSatisfaction
                transition = passed ? .returnVisit : .returnVisitFailed
                payload["fixed"] = String(fixed)
                payload["satisfaction"] = String(satisfaction)
                payload["channel"] = channel
                payload["visitor_id"] = String(caller.actor.userID)
                if let correct = step.chargeCorrect { payload["charge_correct"] = String(correct) }
            case .close:
                // CMP-4: no complaint closes without its cause analysis and preventive measures.
                if ticket.category == .complaint {
                    // CMP-3/4: nor before its corrective action is carried out, verified and, when major, reported.
                    if from == .returnVisited, let action = try await CorrectiveActionRepository.find(of: ticket, in: work.tx),
                       !action.closeBlockers.isEmpty {
                        throw ServiceError.invalidState(action.closeBlockers.joined(separator: "; "))
                    }
                    payload["cause_analysis"] = required(step.causeAnalysis, "causeAnalysis", limit: 2000)
                    payload["preventive_measures"] = required(step.preventiveMeasures, "preventiveMeasures", limit: 2000)
                }
            case .arrive:
                break
            case .cancel:
                let reason = required(step.reason, "reason", limit: 1000)
                ticket.cancelReason = reason
                payload["reason"] = reason
            }
            if let comment = optional(step.comment, "comment", limit: 1000), payload["answer"] == nil { payload["comment"] = comment }

            do {
                ticket.state = try TicketLifecycle.next(transition, from: from, planHasCharge: planHasCharge)
            } catch let error as TicketTransitionError {
                throw ServiceError.invalidState(error.description)
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            if let newPlan { try await TicketPlanRepository.insert(newPlan, of: ticket, in: work.tx) }
            if transition == .accept, let signature = step.acceptorSignature {
                try await TicketSignatureRepository.insert(
                    of: ticket, round: ticket.reworkCount, signer: payload["acceptor_name"] ?? "", mediaType: signature.mediaType,
                    image: signature.data, at: work.now, in: work.tx)
            }
            if transition == .escalate, let department = step.departmentID, payload["level"] == "hq_department" {
                // INF-3: the fault escalation form, and its department told in the same transaction.
                let form = try await TicketEscalationRepository.insert(
                    ticket: ticket, departmentID: department, reason: payload["reason"] ?? "", by: caller.actor.userID, at: work.now,
                    in: work.tx)
                payload["escalation_id"] = String(form)
                for member in try await TicketEscalationRepository.members(departmentID: department, in: work.tx) {
                    try await NotificationRepository.insert(
                        officeID: ticket.officeID, recipientID: member, kind: .escalationReceived, ticketID: ticket.id, at: work.now,
                        in: work.tx)
                }
            }
            if transition == .agreePlan, let name = payload["agreed_by"] {
                try await TicketPlanRepository.agree(of: ticket, round: ticket.reworkCount, by: name, at: work.now, in: work.tx)
            }
            if transition == .reject || transition == .returnVisitFailed { ticket.reworkCount += 1 }
            if transition == .close { ticket.closedAt = work.now }
            return try await save(ticket, event: .transition(transition), kind: transition.rawValue, from: from, payload: payload, work: work)
        }
    }

    /// Records something that happened to the ticket without changing its state.
    public func note(id: Int64, _ note: Note, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .processTickets, fields: Self.constraintFields) { work in
            var ticket = try await Self.ticket(id, work: work, forUpdate: true)
            try work.check(version: ticket.version, expected: expectedVersion)
            func text(_ value: String, required: Bool) throws -> String {
                let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if (required && text.isEmpty) || text.count > 2000 {
                    throw ServiceError.validation([FieldIssue("text", required ? "is required here: 1-2000 characters" : "must have at most 2000 characters")])
                }
                return text
            }
            // A closed or cancelled ticket takes notes for the record, nothing else.
            if ticket.state.isTerminal {
                guard case .note = note else {
                    throw ServiceError.invalidState("the ticket is \(ticket.state.rawValue); nothing more happens to it")
                }
            }
            let kind: String
            var payload: [String: String] = [:]
            var clockEvent: TicketClockEvent?
            switch note {
            case .reportEmergency(let notified):
                guard ticket.urgency == .emergency else { throw ServiceError.invalidState("the ticket is not an emergency") }
                let names = notified.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                guard !names.isEmpty, names.count <= 20, names.allSatisfy({ $0.count <= 100 }) else {
                    throw ServiceError.validation([FieldIssue("notified", "must name 1-20 parties told (TKT-5)")])
                }
                kind = "report_emergency"
                payload["notified"] = names.joined(separator: ", ")
                clockEvent = .reportEmergency
            case .ownerCalled(let value):
                guard ticket.serviceMode == .appointment else { throw ServiceError.invalidState("the ticket has no appointment") }
                kind = "owner_called"
                payload["text"] = try text(value, required: false)
                clockEvent = .ownerCalled
            case .cannotHandle(let value):
                kind = "cannot_handle"
                payload["text"] = try text(value, required: false)
                clockEvent = .cannotHandle
            case .pause(let reason):
                guard ticket.pausedReason == nil else { throw ServiceError.invalidState("the ticket's clocks are already paused") }
                kind = "pause"
                ticket.pausedReason = reason
                payload["reason"] = reason.rawValue
                clockEvent = .pause(reason)
            case .resumeClocks:
                guard ticket.pausedReason != nil else { throw ServiceError.invalidState("the ticket's clocks are not paused") }
                kind = "resume_clocks"
                ticket.pausedReason = nil
                clockEvent = .resumeClocks
            case .chase(let value):
                kind = "chase"
                ticket.chaseCount += 1
                payload["text"] = try text(value, required: false)
            case .complaint(let value):
                kind = "complaint"
                ticket.ownerComplained = true
                payload["text"] = try text(value, required: true)
            case .note(let value):
                kind = "note"
                payload["text"] = try text(value, required: true)
            }
            return try await save(ticket, event: clockEvent, kind: kind, from: ticket.state, payload: payload.filter { !$0.value.isEmpty }, work: work)
        }
    }

    // MARK: Rules

    /// Writes the ticket, its clocks after `event`, and one history event, in the caller's transaction.
    private func save(
        _ ticket: Ticket, event: TicketClockEvent?, kind: String, from: TicketState, payload: [String: String], work: ServiceWork
    ) async throws -> View {
        let before = try await TicketClockRepository.clocks(of: ticket, in: work.tx)
        var clocks = before
        if let event {
            let rules = try await Self.clockRules(officeID: ticket.officeID, work: work)
            clocks = rules.apply(event, to: before, context: Self.context(ticket), at: work.now)
        }
        let saved = try await TicketRepository.update(ticket, in: work.tx)
        try await TicketClockRepository.save(clocks, before: before, of: saved, in: work.tx)
        try await TicketRepository.appendEvent(
            to: saved, kind: kind, from: from, payload: payload, actorID: work.caller.actor.userID, requestID: work.caller.requestID,
            at: work.now, in: work.tx)
        return View(ticket: saved, clocks: clocks, plan: try await TicketPlanRepository.find(of: saved, round: saved.reworkCount, in: work.tx))
    }

    /// The ticket, if it exists and the caller's scope covers its office; otherwise `notFound`.
    static func ticket(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> Ticket {
        guard let ticket = try await TicketRepository.find(id: id, forUpdate: forUpdate, in: work.tx), work.covers(office: ticket.officeID)
        else { throw ServiceError.notFound("no ticket with id \(id)") }
        return ticket
    }

    static func context(_ ticket: Ticket) -> TicketClockContext {
        TicketClockContext(
            category: ticket.category, urgency: ticket.urgency, serviceMode: ticket.serviceMode, appointmentAt: ticket.appointmentAt,
            receivedAt: ticket.receivedAt, recordedAt: ticket.recordedAt, round: ticket.reworkCount, ownerComplained: ticket.ownerComplained)
    }

    /// The office's SLA policy, the company zone and the calendar (loaded only when a rule counts days).
    static func clockRules(officeID: Int64, work: ServiceWork) async throws -> TicketClockRules {
        let policy = try await SLAPolicyRepository.current(officeID: officeID, in: work.tx)
        let zone = try await work.companyTimeZone()
        var calendar = WorkingCalendar(exceptions: [])
        if policy.rules.values.contains(where: { if case .seconds = $0.duration { false } else { true } }) {
            calendar = try await work.workingCalendar(around: LocalDate(work.now, in: zone))
        }
        return TicketClockRules(policy: policy, calendar: calendar, timeZone: zone)
    }

    /// The plan's priced lines: each item must be in force for the ticket's office (the office's
    /// own, else the company's, not archived), at most once, with a quantity above 0 (INF-5, TKT-8).
    static func priced(_ items: [PlanItem], for ticket: Ticket, issues: inout [FieldIssue], work: ServiceWork) async throws -> [TicketPlan.Line] {
        guard items.count <= TicketPlan.maximumLines else {
            issues.append(FieldIssue("items", "must have at most \(TicketPlan.maximumLines) lines"))
            return []
        }
        var lines: [TicketPlan.Line] = []
        for (index, wanted) in items.enumerated() {
            guard wanted.quantity > 0, wanted.quantity <= TicketPlan.maximumQuantity, TicketPlan.yuan(wanted.quantity) == wanted.quantity else {
                issues.append(FieldIssue("items/\(index)/quantity", "must be above 0 and at most \(TicketPlan.maximumQuantity), in hundredths"))
                continue
            }
            guard !lines.contains(where: { $0.serviceItemID == wanted.serviceItemID }) else {
                issues.append(FieldIssue("items/\(index)/serviceItemId", "is listed twice; give one line with the total quantity"))
                continue
            }
            guard let item = try await ServiceItemRepository.inForce(id: wanted.serviceItemID, officeID: ticket.officeID, in: work.tx) else {
                issues.append(FieldIssue("items/\(index)/serviceItemId", "is not an item of the price list in force for the ticket's office"))
                continue
            }
            lines.append(TicketPlan.Line(item: item, quantity: wanted.quantity))
        }
        return lines
    }

    /// CMP-7: a suggestion is answered by the person the office's responsibility table names for
    /// suggestions (set by the office manager, ORG-7), by an office manager, or by leadership.
    static func requireAuthorizedAnswerer(for ticket: Ticket, work: ServiceWork) async throws {
        let actor = work.caller.actor
        if actor.roles.contains(.generalManager) || (actor.roles.contains(.officeManager) && actor.officeIDs.contains(ticket.officeID)) {
            return
        }
        let authorized = try await ResponsibilityRepository.find(officeID: ticket.officeID, category: .suggestion, in: work.tx)?.defaultUserID
        guard authorized == actor.userID else {
            throw ServiceError.forbiddenHere(
                "only the person the office manager authorizes for suggestions (the responsibility table) or an office manager answers a suggestion (CMP-7)")
        }
    }

    /// INF-3: work on a ticket sent to an HQ department goes on only once the department answered.
    static func requireAnsweredEscalation(_ ticket: Ticket, work: ServiceWork) async throws {
        if let open = try await TicketEscalationRepository.open(of: ticket, in: work.tx) {
            throw ServiceError.invalidState(
                "escalation form \(open.id) is \(open.stage.rawValue): the HQ department must answer it first (INF-3)")
        }
    }

    /// The person a ticket is dispatched to: the one named (an active member of the ticket's
    /// office), else the default person of the office's responsibility table (ORG-7).
    static func assignee(_ named: Int64?, for ticket: Ticket, work: ServiceWork) async throws -> Int64 {
        if let named {
            guard let user = try await StaffUserRepository.find(id: named, in: work.tx), user.active, user.officeIDs.contains(ticket.officeID)
            else { throw ServiceError.validation([FieldIssue("assigneeId", "must be an active member of the ticket's office")]) }
            return named
        }
        guard let row = try await ResponsibilityRepository.find(officeID: ticket.officeID, category: ticket.category, in: work.tx),
              let person = row.defaultUserID
        else {
            throw ServiceError.validation([FieldIssue(
                "assigneeId", "the office's responsibility table names nobody for \(ticket.category.rawValue); name the assignee")])
        }
        return person
    }

    /// The draft, cleaned, with its location checked against the office (unit → building → estate).
    func validated(_ draft: Draft, work: ServiceWork) async throws -> Draft {
        var draft = draft
        var issues: [FieldIssue] = []
        draft.contactName = ContactRules.name(draft.contactName, field: "contactName", issues: &issues)
        draft.content = ContactRules.name(draft.content, field: "content", limit: 4000, issues: &issues)
        draft.contactPhone = draft.contactPhone.trimmingCharacters(in: .whitespaces)
        if let issue = ContactRules.phoneIssue(draft.contactPhone, field: "contactPhone") { issues.append(issue) }
        draft.location.text = draft.location.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if draft.location.text.count > 200 { issues.append(FieldIssue("location", "must have at most 200 characters")) }
        switch (draft.serviceMode, draft.appointmentAt) {
        case (.appointment, nil): issues.append(FieldIssue("appointmentAt", "is required for appointment service"))
        case (.appointment, let at?) where at <= work.now: issues.append(FieldIssue("appointmentAt", "must be in the future"))
        case (.immediate, .some): issues.append(FieldIssue("appointmentAt", "is only for appointment service"))
        default: break
        }
        if let received = draft.receivedAt,
           received > work.now || received < work.now.addingTimeInterval(-Self.maximumReceiptAge) {
            issues.append(FieldIssue("receivedAt", "must be within the last 24 hours and not in the future"))
        }
        if draft.category != .complaint, draft.againstManager || draft.involvesCompensation {
            issues.append(FieldIssue(draft.againstManager ? "againstManager" : "involvesCompensation", "is only for complaints"))
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }

        // The location's records must be the office's own (row-level security hides the rest).
        if let unitID = draft.location.unitID {
            guard let unit = try await EstateRepository.find(unitID: unitID, in: work.tx), unit.officeID == draft.officeID,
                  let building = try await EstateRepository.find(buildingID: unit.buildingID, in: work.tx)
            else { throw ServiceError.validation([FieldIssue("unitId", "no unit with this id in the office")]) }
            if let named = draft.location.buildingID, named != building.id {
                throw ServiceError.validation([FieldIssue("buildingId", "is not the unit's building")])
            }
            if let named = draft.location.estateID, named != building.estateID {
                throw ServiceError.validation([FieldIssue("estateId", "is not the unit's estate")])
            }
            draft.location.buildingID = building.id
            draft.location.estateID = building.estateID
        } else if let buildingID = draft.location.buildingID {
            guard let building = try await EstateRepository.find(buildingID: buildingID, in: work.tx), building.officeID == draft.officeID
            else { throw ServiceError.validation([FieldIssue("buildingId", "no building with this id in the office")]) }
            if let named = draft.location.estateID, named != building.estateID {
                throw ServiceError.validation([FieldIssue("estateId", "is not the building's estate")])
            }
            draft.location.estateID = building.estateID
        } else if let estateID = draft.location.estateID {
            guard let estate = try await EstateRepository.find(estateID: estateID, in: work.tx), estate.officeID == draft.officeID
            else { throw ServiceError.validation([FieldIssue("estateId", "no estate with this id in the office")]) }
        }
        if let ownerID = draft.ownerID {
            guard let owner = try await OwnerRepository.find(id: ownerID, in: work.tx), owner.officeID == draft.officeID
            else { throw ServiceError.validation([FieldIssue("ownerId", "no owner with this id in the office")]) }
        }
        return draft
    }
}
