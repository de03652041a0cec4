import APIContract
import Domain
import Foundation
import Services

// Meetings with minutes and resolutions (MTG-1/2, SAL-2).
extension APIHandler {
    func listMeetingTypes(_ input: Operations.ListMeetingTypes.Input) async throws -> Operations.ListMeetingTypes.Output {
        .ok(.init(body: .json(.init(items: try await services.meetings.types(try await caller()).map(Self.schema)))))
    }

    func updateMeetingType(_ input: Operations.UpdateMeetingType.Input) async throws -> Operations.UpdateMeetingType.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let type = try await services.meetings.updateType(
            code: input.path.code, cadence: try Self.wire(body.cadence), agendaLeadDays: body.agendaLeadDays,
            minutesDueWorkingDays: body.minutesDueWorkingDays, heldByWorkingDay: body.heldByWorkingDay, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(type.version)), body: .json(try Self.schema(type))))
    }

    func getMeetingSchedule(_ input: Operations.GetMeetingSchedule.Input) async throws -> Operations.GetMeetingSchedule.Output {
        let entries = try await services.meetingSchedule.schedule(officeID: input.query.officeId, try await caller())
        return .ok(.init(body: .json(.init(items: entries.map {
            .init(
                _type: $0.type.code, cadence: (try? Self.wire($0.type.cadence)) ?? .asNeeded, officeId: $0.officeID,
                windowStart: $0.window.start.description, windowLastDay: $0.window.lastDay.description, dueOn: $0.window.dueOn?.description,
                agendaDueOn: $0.agendaDueOn?.description, meetingId: $0.meetingID, meetingOn: $0.meetingOn?.description, overdue: $0.overdue,
                previousWindowStart: $0.previousWindow.start.description, previousMissed: $0.previousMissed)
        }))))
    }

    func listMeetings(_ input: Operations.ListMeetings.Input) async throws -> Operations.ListMeetings.Output {
        let query = input.query
        let page = try await services.meetings.list(
            officeID: query.officeId, companyOnly: query.companyOnly ?? false, typeCode: query._type, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func scheduleMeeting(_ input: Operations.ScheduleMeeting.Input) async throws -> Operations.ScheduleMeeting.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.meetings.schedule(
            .init(
                officeID: body.officeId, typeCode: body._type, title: body.title, scheduledAt: body.scheduledAt, location: body.location ?? "",
                agenda: body.agenda ?? ""),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.meeting.version)), body: .json(try Self.schema(view))))
    }

    func getMeeting(_ input: Operations.GetMeeting.Input) async throws -> Operations.GetMeeting.Output {
        let view = try await services.meetings.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.meeting.version)), body: .json(try Self.schema(view))))
    }

    func distributeMeetingAgenda(_ input: Operations.DistributeMeetingAgenda.Input) async throws -> Operations.DistributeMeetingAgenda.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.meetings.distributeAgenda(
            id: input.path.id, agenda: body.agenda, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.meeting.version)), body: .json(try Self.schema(view))))
    }

    func signInToMeeting(_ input: Operations.SignInToMeeting.Input) async throws -> Operations.SignInToMeeting.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.meetings.signIn(meetingID: input.path.id, guestName: body.name, guestUnit: body.unit, try await caller())
        return .ok(.init(body: .json(try Self.schema(view))))
    }

    func recordMeetingMinutes(_ input: Operations.RecordMeetingMinutes.Input) async throws -> Operations.RecordMeetingMinutes.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let resolutions = try body.resolutions.enumerated().map { index, resolution in
            MeetingService.ResolutionDraft(
                text: resolution.text, responsibleID: resolution.responsibleId,
                dueOn: try Self.day(resolution.dueOn, field: "resolutions/\(index)/dueOn"))
        }
        let view = try await services.meetings.recordMinutes(
            id: input.path.id, minutes: body.minutes, resolutions: resolutions, expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.meeting.version)), body: .json(try Self.schema(view))))
    }

    func listMeetingResolutions(_ input: Operations.ListMeetingResolutions.Input) async throws -> Operations.ListMeetingResolutions.Output {
        let query = input.query
        let caller = try await caller()
        let page = try await services.meetings.resolutions(
            officeID: query.officeId, responsibleID: query.mine == true ? caller.actor.userID : query.responsibleId,
            open: query.status.map { $0 == .open }, overdue: query.overdue, caller, page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func updateMeetingResolution(_ input: Operations.UpdateMeetingResolution.Input) async throws -> Operations.UpdateMeetingResolution.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.meetings.updateResolution(
            id: input.path.id, status: try Self.wire(body.status), progress: body.progress ?? "",
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.resolution.version)), body: .json(try Self.schema(view))))
    }

    static func schema(_ type: MeetingType) throws -> Components.Schemas.MeetingType {
        .init(
            code: type.code, name: type.name, level: try wire(type.level), cadence: try wire(type.cadence), agendaLeadDays: type.agendaLeadDays,
            minutesDueWorkingDays: type.minutesDueWorkingDays, heldByWorkingDay: type.heldByWorkingDay, organizer: type.organizer, source: type.source, version: type.version)
    }

    static func schema(_ view: MeetingService.View) throws -> Components.Schemas.Meeting {
        let meeting = view.meeting
        return .init(
            id: meeting.id, officeId: meeting.officeID, _type: meeting.typeCode, title: meeting.title, scheduledAt: meeting.scheduledAt,
            location: meeting.location, agenda: meeting.agenda, agendaDueOn: meeting.agendaDeadline.dueOn.description,
            agendaDistributedAt: meeting.agendaDistributedAt, agendaOnTime: view.agendaOnTime, minutes: meeting.minutes,
            minutesDueOn: meeting.minutesDeadline.dueOn.description, minutesDistributedAt: meeting.minutesDistributedAt,
            minutesOnTime: view.minutesOnTime, overdue: view.overdue, createdBy: meeting.createdBy, createdAt: meeting.createdAt,
            attendees: view.attendees.map {
                .init(position: $0.position, name: $0.name, userId: $0.userID, unit: $0.unit, signedInAt: $0.signedInAt)
            },
            resolutions: try view.resolutions.map(schema), version: meeting.version)
    }

    static func schema(_ view: MeetingService.ResolutionView) throws -> Components.Schemas.MeetingResolution {
        let resolution = view.resolution
        return .init(
            id: resolution.id, meetingId: resolution.meetingID, officeId: resolution.officeID, text: resolution.text,
            responsibleId: resolution.responsibleID, dueOn: resolution.deadline.dueOn.description, status: try wire(resolution.status),
            progress: resolution.progress, doneAt: resolution.doneAt, overdue: view.overdue, version: resolution.version)
    }
}
