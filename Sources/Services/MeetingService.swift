import Domain
import Foundation
import Persistence

/// Meetings (MTG-1/2, SAL-2): the company's meeting types with their cadence and lead times as
/// policy data; meetings of the company (HQ only) or of an office, scheduled with the agenda's due
/// day; sign-in; minutes due to the attendees within working days of the meeting; and resolutions,
/// each with the person responsible and a due day, tracked to done by that person.
public struct MeetingService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// A meeting with what the company's zone says of it now, and (when one is read) its attendance and resolutions.
    public struct View: Sendable {
        public let meeting: Meeting
        public let overdue: Bool
        /// Whether the agenda and the minutes went out in time; nil until they went out.
        public let agendaOnTime: Bool?
        public let minutesOnTime: Bool?
        public let attendees: [Meeting.Attendee]
        public let resolutions: [ResolutionView]

        init(meeting: Meeting, now: Date, zone: TimeZone, attendees: [Meeting.Attendee] = [], resolutions: [ResolutionView] = []) {
            self.meeting = meeting
            self.overdue = meeting.isOverdue(at: now, in: zone)
            self.agendaOnTime = meeting.agendaDistributedAt.map { meeting.agendaDeadline.isMet(by: $0, in: zone) }
            self.minutesOnTime = meeting.minutesDistributedAt.map { meeting.minutesDeadline.isMet(by: $0, in: zone) }
            self.attendees = attendees
            self.resolutions = resolutions
        }
    }

    public struct ResolutionView: Sendable {
        public let resolution: MeetingResolution
        public let overdue: Bool
    }

    public struct Draft: Sendable {
        public var officeID: Int64?
        public var typeCode: String
        public var title: String
        public var scheduledAt: Date
        public var location: String
        public var agenda: String

        public init(officeID: Int64?, typeCode: String, title: String, scheduledAt: Date, location: String = "", agenda: String = "") {
            self.officeID = officeID
            self.typeCode = typeCode
            self.title = title
            self.scheduledAt = scheduledAt
            self.location = location
            self.agenda = agenda
        }
    }

    /// What a meeting ends in (MTG-2).
    public struct ResolutionDraft: Sendable {
        public var text: String
        public var responsibleID: Int64
        public var dueOn: LocalDate

        public init(text: String, responsibleID: Int64, dueOn: LocalDate) {
            self.text = text
            self.responsibleID = responsibleID
            self.dueOn = dueOn
        }
    }

    static let textLimit = 20_000
    static let maximumResolutions = 50

    public func types(_ caller: Caller) async throws -> [MeetingType] {
        try await runner.perform(caller, .readMeetings, readOnly: true) { work in try await MeetingRepository.types(in: work.tx) }
    }

    /// HQ sets a type's cadence, agenda lead time and minutes deadline (policy, MTG-1/2).
    public func updateType(
        code: String, cadence: MeetingType.Cadence, agendaLeadDays: Int, minutesDueWorkingDays: Int, heldByWorkingDay: Int?,
        expectedVersion: Int?, _ caller: Caller
    ) async throws -> MeetingType {
        try await runner.perform(caller, .manageOrganization) { work in
            guard let before = try await MeetingRepository.type(code: code, forUpdate: true, in: work.tx)
            else { throw ServiceError.notFound("no meeting type \(code)") }
            try work.check(version: before.version, expected: expectedVersion)
            var issues: [FieldIssue] = []
            if !(0...90).contains(agendaLeadDays) { issues.append(FieldIssue("agendaLeadDays", "must be 0-90")) }
            if !(0...30).contains(minutesDueWorkingDays) { issues.append(FieldIssue("minutesDueWorkingDays", "must be 0-30")) }
            if let day = heldByWorkingDay, !(1...23).contains(day) { issues.append(FieldIssue("heldByWorkingDay", "must be 1-23")) }
            if heldByWorkingDay != nil, [.daily, .twiceWeekly, .asNeeded].contains(cadence) {
                issues.append(FieldIssue("heldByWorkingDay", "is for weekly and longer cadences; \(cadence.rawValue) meetings are held on their day"))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.cadence = cadence
            after.agendaLeadDays = agendaLeadDays
            after.minutesDueWorkingDays = minutesDueWorkingDays
            after.heldByWorkingDay = heldByWorkingDay
            after = try await MeetingRepository.update(after, in: work.tx)
            try await work.audit(.changed("update", from: before, to: after))
            return after
        }
    }

    /// Schedules a meeting: a company type without an office (HQ only), an office type in an office the caller covers.
    public func schedule(_ draft: Draft, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .manageMeetings) { work in
            guard let type = try await MeetingRepository.type(code: draft.typeCode, in: work.tx)
            else { throw ServiceError.validation([FieldIssue("type", "no meeting type \(draft.typeCode)")]) }
            switch (type.level, draft.officeID) {
            case (.company, nil):
                guard work.scope == .allOffices else { throw ServiceError.forbiddenHere("company meetings are held by HQ (MTG-1)") }
            case (.company, _?):
                throw ServiceError.validation([FieldIssue("officeId", "a \(type.code) meeting is the company's: leave officeId out")])
            case (.office, nil):
                throw ServiceError.validation([FieldIssue("officeId", "a \(type.code) meeting is an office's: name the office")])
            case (.office, let officeID?):
                try await work.checkActive(office: officeID)
            }
            var issues: [FieldIssue] = []
            let title = InputRules.required(draft.title, field: "title", limit: 300, issues: &issues)
            let location = InputRules.optional(draft.location, field: "location", limit: 200, issues: &issues) ?? ""
            let agenda = InputRules.optional(draft.agenda, field: "agenda", limit: Self.textLimit, issues: &issues) ?? ""
            if draft.scheduledAt < work.now.addingTimeInterval(-InputRules.reportWindow) {
                issues.append(FieldIssue("scheduledAt", "is more than 31 days ago"))
            } else if draft.scheduledAt > work.now.addingTimeInterval(400 * 86_400) {
                issues.append(FieldIssue("scheduledAt", "is more than 400 days ahead"))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let zone = try await work.companyTimeZone()
            let day = LocalDate(draft.scheduledAt, in: zone)
            let due = type.deadlines(heldOn: day, calendar: try await work.workingCalendar(around: day))
            let meeting = try await MeetingRepository.insert(
                Meeting(
                    id: 0, officeID: draft.officeID, typeCode: type.code, title: title, scheduledAt: draft.scheduledAt, location: location,
                    agenda: agenda, agendaDeadline: due.agenda, minutesDeadline: due.minutes, createdBy: caller.actor.userID,
                    createdAt: work.now),
                in: work.tx)
            try await work.audit(.created(meeting))
            return View(meeting: meeting, now: work.now, zone: zone)
        }
    }

    /// Sends the agenda to the participants (the first sending counts for punctuality); until the meeting starts.
    public func distributeAgenda(id: Int64, agenda: String, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await change(id: id, expectedVersion: expectedVersion, caller, verb: "agenda") { meeting, work in
            guard work.now < meeting.scheduledAt else { throw ServiceError.invalidState("the meeting has begun; its agenda is final") }
            var issues: [FieldIssue] = []
            meeting.agenda = InputRules.required(agenda, field: "agenda", limit: Self.textLimit, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            if meeting.agendaDistributedAt == nil { meeting.agendaDistributedAt = work.now }
        }
    }

    /// Signs a person in (MTG-2): the caller, or a guest by name and unit (the organizer signs guests in). From the meeting's day on.
    public func signIn(meetingID: Int64, guestName: String?, guestUnit: String?, _ caller: Caller) async throws -> View {
        let action: Action = guestName == nil ? .readMeetings : .manageMeetings
        return try await runner.perform(caller, action, fields: ["meeting_attendance_user_once": "userId"]) { work in
            let meeting = try await Self.meeting(meetingID, work: work, forUpdate: true)
            let zone = try await work.companyTimeZone()
            guard LocalDate(work.now, in: zone) >= LocalDate(meeting.scheduledAt, in: zone) else {
                throw ServiceError.invalidState("sign-in opens on the meeting's day")
            }
            var issues: [FieldIssue] = []
            let name: String
            var userID: Int64?
            var unit: String?
            if let guestName {
                name = InputRules.required(guestName, field: "name", limit: 100, issues: &issues)
                unit = InputRules.optional(guestUnit, field: "unit", limit: 50, issues: &issues)
            } else {
                guard let user = try await StaffUserRepository.find(id: caller.actor.userID, in: work.tx) else {
                    throw ServiceError.notFound("no user \(caller.actor.userID)")
                }
                name = user.displayName.isEmpty ? user.username : user.displayName
                userID = user.id
                if guestUnit != nil { issues.append(FieldIssue("unit", "is for guests")) }
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            try await MeetingRepository.signIn(to: meeting, name: name, userID: userID, unit: unit, at: work.now, in: work.tx)
            try await work.audit(AuditEntry(
                action: "meeting.sign_in", entityType: "meeting", entityID: String(meeting.id), officeID: meeting.officeID,
                changes: AuditEntry.changes(from: [:], to: ["attendee": name, "user_id": userID.map(String.init), "unit": unit])))
            return try await Self.fullView(meeting, work: work, zone: zone)
        }
    }

    /// Sends the minutes to the attendees with the resolutions the meeting ended in (MTG-2: at least one, each with the person
    /// responsible and a due day). Once; after the meeting began.
    public func recordMinutes(
        id: Int64, minutes: String, resolutions: [ResolutionDraft], expectedVersion: Int?, _ caller: Caller
    ) async throws -> View {
        try await runner.perform(caller, .manageMeetings) { work in
            let before = try await Self.meeting(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            guard before.minutes == nil else { throw ServiceError.invalidState("the minutes are already sent") }
            guard work.now >= before.scheduledAt else { throw ServiceError.invalidState("the meeting has not begun") }
            let zone = try await work.companyTimeZone()
            let heldOn = LocalDate(before.scheduledAt, in: zone)
            var issues: [FieldIssue] = []
            let text = InputRules.required(minutes, field: "minutes", limit: Self.textLimit, issues: &issues)
            if resolutions.isEmpty || resolutions.count > Self.maximumResolutions {
                issues.append(FieldIssue("resolutions", "every meeting ends in 1-\(Self.maximumResolutions) resolutions (MTG-2)"))
            }
            // Each resolution with the office whose people track it (MTG-2: the unit concerned).
            var accepted: [(draft: ResolutionDraft, officeID: Int64?)] = []
            for (index, draft) in resolutions.enumerated() {
                let resolutionText = InputRules.required(draft.text, field: "resolutions/\(index)/text", limit: 2000, issues: &issues)
                let person = try await StaffUserRepository.find(id: draft.responsibleID, in: work.tx)
                let tracking: Int64?? = person.flatMap { Self.trackingOffice(of: before, responsible: $0) }
                if person?.active != true || tracking == nil {
                    issues.append(FieldIssue(
                        "resolutions/\(index)/responsibleId",
                        "no active staff member of HQ or of the meeting's office (for a company meeting: of exactly one office) has this id"))
                }
                if draft.dueOn < heldOn { issues.append(FieldIssue("resolutions/\(index)/dueOn", "is before the meeting")) }
                let officeID: Int64? = tracking.flatMap { $0 }
                accepted.append((ResolutionDraft(text: resolutionText, responsibleID: draft.responsibleID, dueOn: draft.dueOn), officeID))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.minutes = text
            after.minutesDistributedAt = work.now
            after.minutesBy = caller.actor.userID
            after = try await MeetingRepository.update(after, in: work.tx)
            var created: [MeetingResolution] = []
            for (draft, officeID) in accepted {
                created.append(try await MeetingRepository.insert(
                    MeetingResolution(
                        id: 0, meetingID: after.id, officeID: officeID, text: draft.text, responsibleID: draft.responsibleID,
                        deadline: Deadline(dueOn: draft.dueOn)),
                    in: work.tx))
            }
            // One audit row for the call: the minutes and, as one field, the resolutions they set.
            var fields = after.auditFields
            fields["resolutions"] = created.map { "#\($0.id) \($0.text) → user \($0.responsibleID) by \($0.deadline.dueOn)" }.joined(separator: "; ")
            try await work.audit(AuditEntry(
                action: "meeting.minutes", entityType: after.auditEntityType, entityID: after.auditEntityID, officeID: after.officeID,
                changes: AuditEntry.changes(from: before.auditFields, to: fields)))
            return try await Self.fullView(after, work: work, zone: zone)
        }
    }

    /// The responsible person (or a meeting manager) reports progress; done is final.
    public func updateResolution(
        id: Int64, status: MeetingResolution.Status, progress: String, expectedVersion: Int?, _ caller: Caller
    ) async throws -> ResolutionView {
        try await runner.perform(caller, .readMeetings) { work in
            guard let before = try await MeetingRepository.resolution(id: id, forUpdate: true, in: work.tx),
                  before.officeID.map(work.covers(office:)) ?? (work.scope == .allOffices)
            else { throw ServiceError.notFound("no resolution with id \(id)") }
            let manages = before.officeID.map { caller.actor.may(.manageMeetings, inOffice: $0) }
                ?? (PermissionMatrix.scope(of: caller.actor.roles, for: .manageMeetings) == .allOffices)
            guard before.responsibleID == caller.actor.userID || manages else {
                throw ServiceError.forbiddenHere("the person responsible for a resolution, or the meeting's organizers, report on it (MTG-2)")
            }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.status != .done else { throw ServiceError.invalidState("the resolution is done") }
            var issues: [FieldIssue] = []
            let text = InputRules.optional(progress, field: "progress", limit: 4000, issues: &issues) ?? ""
            if status == .done && text.isEmpty { issues.append(FieldIssue("progress", "say what was done")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.status = status
            after.progress = text
            if status == .done { after.doneAt = work.now }
            after = try await MeetingRepository.update(after, in: work.tx)
            try await work.audit(.changed("update", from: before, to: after))
            return ResolutionView(resolution: after, overdue: after.isOverdue(at: work.now, in: try await work.companyTimeZone()))
        }
    }

    /// Meetings the caller may see; `companyOnly` for HQ's own.
    public func list(officeID: Int64?, companyOnly: Bool, typeCode: String?, _ caller: Caller, page: PageRequest) async throws -> Page<View> {
        try await runner.perform(caller, .readMeetings, readOnly: true) { work in
            let zone = try await work.companyTimeZone()
            let rows = try await MeetingRepository.list(
                officeID: officeID, companyOnly: companyOnly, typeCode: typeCode, afterID: page.afterID, limit: page.limit, in: work.tx)
            let meetings = page.page(from: rows, id: \.id)
            return Page(
                items: meetings.items.map { View(meeting: $0, now: work.now, zone: zone) },
                nextCursor: meetings.nextCursor)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readMeetings, readOnly: true) { work in
            try await Self.fullView(try await Self.meeting(id, work: work), work: work, zone: try await work.companyTimeZone())
        }
    }

    /// Resolutions the caller may see; `mine`: those the caller is responsible for.
    public func resolutions(
        officeID: Int64?, responsibleID: Int64?, open: Bool?, overdue: Bool?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<ResolutionView> {
        try await runner.perform(caller, .readMeetings, readOnly: true) { work in
            let zone = try await work.companyTimeZone()
            let rows = try await MeetingRepository.resolutions(
                officeID: officeID, responsibleID: responsibleID, open: open, overdue: overdue, now: work.now, afterID: page.afterID,
                limit: page.limit, in: work.tx)
            let items = page.page(from: rows, id: \.id)
            return Page(items: items.items.map { ResolutionView(resolution: $0, overdue: $0.isOverdue(at: work.now, in: zone)) }, nextCursor: items.nextCursor)
        }
    }

    private func change(
        id: Int64, expectedVersion: Int?, _ caller: Caller, verb: String, _ edit: (inout Meeting, ServiceWork) async throws -> Void
    ) async throws -> View {
        try await runner.perform(caller, .manageMeetings) { work in
            let before = try await Self.meeting(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            var after = before
            try await edit(&after, work)
            after = try await MeetingRepository.update(after, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: after))
            return try await Self.fullView(after, work: work, zone: try await work.companyTimeZone())
        }
    }

    /// The office a resolution belongs to, so that its responsible person can see and report on it:
    /// the meeting's office; for a company meeting none (HQ) when the person is HQ staff, or the one
    /// office of an office's staff member (a director's action from the director forum). `.none`
    /// when the person may not be responsible (another office's staff, or several offices).
    static func trackingOffice(of meeting: Meeting, responsible person: StaffUser) -> Int64?? {
        let hq = person.roles.contains { $0.actsAcrossOffices }
        if let office = meeting.officeID {
            return hq || person.officeIDs.contains(office) ? .some(office) : .none
        }
        if hq { return .some(nil) }
        return person.officeIDs.count == 1 ? .some(person.officeIDs.first) : .none
    }

    /// The meeting if the caller's scope covers it (a company meeting needs an all-offices scope); otherwise 404.
    static func meeting(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> Meeting {
        guard let meeting = try await MeetingRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              meeting.officeID.map(work.covers(office:)) ?? (work.scope == .allOffices)
        else { throw ServiceError.notFound("no meeting with id \(id)") }
        return meeting
    }

    static func fullView(_ meeting: Meeting, work: ServiceWork, zone: TimeZone) async throws -> View {
        View(
            meeting: meeting, now: work.now, zone: zone, attendees: try await MeetingRepository.attendees(of: meeting, in: work.tx),
            resolutions: try await MeetingRepository.resolutions(of: meeting, in: work.tx).map {
                ResolutionView(resolution: $0, overdue: $0.isOverdue(at: work.now, in: zone))
            })
    }
}
