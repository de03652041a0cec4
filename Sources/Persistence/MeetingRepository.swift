import Domain
import Foundation

/// Meeting types (`liaison.meeting_type`), meetings (`liaison.meeting`), their sign-in
/// (`liaison.meeting_attendance`) and resolutions (`liaison.meeting_resolution`), MTG-1/2.
public enum MeetingRepository {
    private static let typeColumns: SQLQuery = """
        code, name, level, cadence, agenda_lead_days, minutes_due_days, held_by_working_day, organizer, source, version
        """
    private static let columns: SQLQuery = """
        id, office_id, type_code, title, scheduled_at, location, agenda, agenda_due_on, agenda_distributed_at, minutes, minutes_due_on,
        minutes_distributed_at, minutes_by, created_by, created_at, version
        """
    private static let resolutionColumns: SQLQuery = "id, meeting_id, office_id, text, responsible_id, due_on, status, progress, done_at, version"

    public static func types(in tx: Transaction) async throws -> [MeetingType] {
        try await tx.query("SELECT \(typeColumns) FROM liaison.meeting_type ORDER BY level, code").map(decodeType)
    }

    public static func type(code: String, forUpdate: Bool = false, in tx: Transaction) async throws -> MeetingType? {
        try await tx.query("""
            SELECT \(typeColumns) FROM liaison.meeting_type WHERE code = \(code) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeType)
    }

    /// Writes the policy numbers and bumps the version.
    public static func update(_ type: MeetingType, in tx: Transaction) async throws -> MeetingType {
        try decodeType(try await tx.query("""
            UPDATE liaison.meeting_type SET cadence = \(type.cadence.rawValue), agenda_lead_days = \(type.agendaLeadDays),
                minutes_due_days = \(type.minutesDueWorkingDays), held_by_working_day = \(type.heldByWorkingDay), version = version + 1
            WHERE code = \(type.code) RETURNING \(typeColumns)
            """).single())
    }

    /// A cadence window of a type (MTG-1): the previous one's first day, the current one's first day, the day after it.
    public struct WindowQuery: Sendable {
        public let typeCode: String
        public let previousStart: LocalDate
        public let currentStart: LocalDate
        public let currentEnd: LocalDate

        public init(typeCode: String, previousStart: LocalDate, currentStart: LocalDate, currentEnd: LocalDate) {
            self.typeCode = typeCode
            self.previousStart = previousStart
            self.currentStart = currentStart
            self.currentEnd = currentEnd
        }
    }

    /// What was held in each window, per type and office (NULL for the company): the latest meeting
    /// in the current window and whether one was in the previous window. Days in `zone`.
    public static func heldInWindows(
        _ windows: [WindowQuery], zone: String, in tx: Transaction
    ) async throws -> [(typeCode: String, officeID: Int64?, currentID: Int64?, currentDay: LocalDate?, previousHeld: Bool)] {
        try await tx.query("""
            SELECT w.code, m.office_id,
                   (array_agg(m.id ORDER BY m.scheduled_at DESC) FILTER (WHERE d.day >= w.current_start))[1] AS current_id,
                   max(d.day) FILTER (WHERE d.day >= w.current_start) AS current_day,
                   bool_or(d.day < w.current_start) AS previous_held
            FROM unnest(\(windows.map(\.typeCode))::text[], \(windows.map(\.previousStart.description))::date[],
                        \(windows.map(\.currentStart.description))::date[], \(windows.map(\.currentEnd.description))::date[])
                AS w(code, previous_start, current_start, current_end)
            JOIN liaison.meeting m ON m.type_code = w.code
             AND m.scheduled_at >= (w.previous_start::timestamp AT TIME ZONE \(zone))
             AND m.scheduled_at < (w.current_end::timestamp AT TIME ZONE \(zone))
            CROSS JOIN LATERAL (SELECT (m.scheduled_at AT TIME ZONE \(zone))::date AS day) d
            GROUP BY w.code, m.office_id
            """).map {
            (try $0.decode("code"), try $0.decode("office_id"), try $0.decode("current_id"), try $0.decode("current_day"),
             try $0.decode("previous_held"))
        }
    }

    public static func insert(_ meeting: Meeting, in tx: Transaction) async throws -> Meeting {
        try decode(try await tx.query("""
            INSERT INTO liaison.meeting (office_id, type_code, title, scheduled_at, location, agenda, agenda_due_on, minutes_due_on,
                                         created_by, created_at)
            VALUES (\(meeting.officeID), \(meeting.typeCode), \(meeting.title), \(meeting.scheduledAt), \(meeting.location), \(meeting.agenda),
                    \(meeting.agendaDeadline.dueOn), \(meeting.minutesDeadline.dueOn), \(meeting.createdBy), \(meeting.createdAt))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> Meeting? {
        try await tx.query("SELECT \(columns) FROM liaison.meeting WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")").first.map(decode)
    }

    /// Up to `limit + 1` meetings after `afterID` in id order. `companyOnly`: only meetings without an office.
    public static func list(
        officeID: Int64?, companyOnly: Bool, typeCode: String?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [Meeting] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.meeting
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID)) AND (NOT \(companyOnly) OR office_id IS NULL)
              AND (\(typeCode)::text IS NULL OR type_code = \(typeCode))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Writes the agenda, the minutes and their distribution times, and bumps the version.
    public static func update(_ meeting: Meeting, in tx: Transaction) async throws -> Meeting {
        try decode(try await tx.query("""
            UPDATE liaison.meeting SET title = \(meeting.title), location = \(meeting.location), agenda = \(meeting.agenda),
                agenda_distributed_at = \(meeting.agendaDistributedAt), minutes = \(meeting.minutes),
                minutes_distributed_at = \(meeting.minutesDistributedAt), minutes_by = \(meeting.minutesBy), version = version + 1
            WHERE id = \(meeting.id) RETURNING \(columns)
            """).single())
    }

    public static func attendees(of meeting: Meeting, in tx: Transaction) async throws -> [Meeting.Attendee] {
        try await tx.query("""
            SELECT position, name, user_id, unit, signed_in_at FROM liaison.meeting_attendance WHERE meeting_id = \(meeting.id) ORDER BY position
            """).map { row in
            Meeting.Attendee(
                position: try row.decode("position"), name: try row.decode("name"), userID: try row.decode("user_id"),
                unit: try row.decode("unit"), signedInAt: try row.decode("signed_in_at"))
        }
    }

    /// Signs one person in as the meeting's next; a staff member signs in once (unique key).
    public static func signIn(
        to meeting: Meeting, name: String, userID: Int64?, unit: String?, at now: Date, in tx: Transaction
    ) async throws {
        try await tx.execute("""
            INSERT INTO liaison.meeting_attendance (meeting_id, office_id, position, name, user_id, unit, signed_in_at)
            SELECT \(meeting.id), \(meeting.officeID), coalesce(max(position), 0) + 1, \(name), \(userID), \(unit), \(now)
            FROM liaison.meeting_attendance WHERE meeting_id = \(meeting.id)
            """)
    }

    public static func insert(_ resolution: MeetingResolution, in tx: Transaction) async throws -> MeetingResolution {
        try decodeResolution(try await tx.query("""
            INSERT INTO liaison.meeting_resolution (meeting_id, office_id, text, responsible_id, due_on)
            VALUES (\(resolution.meetingID), \(resolution.officeID), \(resolution.text), \(resolution.responsibleID), \(resolution.deadline.dueOn))
            RETURNING \(resolutionColumns)
            """).single())
    }

    public static func resolutions(of meeting: Meeting, in tx: Transaction) async throws -> [MeetingResolution] {
        try await tx.query("SELECT \(resolutionColumns) FROM liaison.meeting_resolution WHERE meeting_id = \(meeting.id) ORDER BY id")
            .map(decodeResolution)
    }

    public static func resolution(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> MeetingResolution? {
        try await tx.query("""
            SELECT \(resolutionColumns) FROM liaison.meeting_resolution WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeResolution)
    }

    /// Up to `limit + 1` resolutions after `afterID` in id order; `open`: not done; overdue as of `now` when filtered on it.
    public static func resolutions(
        officeID: Int64?, responsibleID: Int64?, open: Bool?, overdue: Bool?, now: Date, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [MeetingResolution] {
        try await tx.query("""
            SELECT \(resolutionColumns) FROM liaison.meeting_resolution
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(responsibleID)::bigint IS NULL OR responsible_id = \(responsibleID))
              AND (\(open)::boolean IS NULL OR (status <> 'done') = \(open))
              AND (\(overdue)::boolean IS NULL OR (status <> 'done' AND liaison.due_end(due_on) <= \(now)) = \(overdue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decodeResolution)
    }

    public static func update(_ resolution: MeetingResolution, in tx: Transaction) async throws -> MeetingResolution {
        try decodeResolution(try await tx.query("""
            UPDATE liaison.meeting_resolution SET status = \(resolution.status.rawValue), progress = \(resolution.progress),
                done_at = \(resolution.doneAt), version = version + 1
            WHERE id = \(resolution.id) RETURNING \(resolutionColumns)
            """).single())
    }

    static func decodeType(_ row: PostgresRow) throws -> MeetingType {
        MeetingType(
            code: try row.decode("code"), name: try row.decode("name"), level: try TicketRepository.value(row.decode("level"), column: "level"),
            cadence: try TicketRepository.value(row.decode("cadence"), column: "cadence"), agendaLeadDays: try row.decode("agenda_lead_days"),
            minutesDueWorkingDays: try row.decode("minutes_due_days"), heldByWorkingDay: try row.decode("held_by_working_day"), organizer: try row.decode("organizer"), source: try row.decode("source"),
            version: try row.decode("version"))
    }

    static func decode(_ row: PostgresRow) throws -> Meeting {
        Meeting(
            id: try row.decode("id"), officeID: try row.decode("office_id"), typeCode: try row.decode("type_code"), title: try row.decode("title"),
            scheduledAt: try row.decode("scheduled_at"), location: try row.decode("location"), agenda: try row.decode("agenda"),
            agendaDeadline: Deadline(dueOn: try row.decode("agenda_due_on")), agendaDistributedAt: try row.decode("agenda_distributed_at"),
            minutes: try row.decode("minutes"), minutesDeadline: Deadline(dueOn: try row.decode("minutes_due_on")),
            minutesDistributedAt: try row.decode("minutes_distributed_at"), minutesBy: try row.decode("minutes_by"),
            createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"), version: try row.decode("version"))
    }

    static func decodeResolution(_ row: PostgresRow) throws -> MeetingResolution {
        MeetingResolution(
            id: try row.decode("id"), meetingID: try row.decode("meeting_id"), officeID: try row.decode("office_id"), text: try row.decode("text"),
            responsibleID: try row.decode("responsible_id"), deadline: Deadline(dueOn: try row.decode("due_on")),
            status: try TicketRepository.value(row.decode("status"), column: "status"), progress: try row.decode("progress"),
            doneAt: try row.decode("done_at"), version: try row.decode("version"))
    }
}
