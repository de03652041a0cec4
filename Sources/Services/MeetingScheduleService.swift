import Domain
import Foundation
import Persistence

/// Scheduling from the cadence (MTG-1): for each meeting type held on a cadence, and each office
/// for office types, the current window with the day its meeting is due and its agenda's due day,
/// the meeting scheduled in it if any, overdue when the due day passed without one, and whether the
/// previous window was missed.
public struct MeetingScheduleService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Entry: Sendable {
        public let type: MeetingType
        /// nil for a company meeting.
        public let officeID: Int64?
        public let window: MeetingWindow
        /// The last day to send the agenda for a meeting on the due day.
        public let agendaDueOn: LocalDate?
        /// The latest meeting scheduled in the window.
        public let meetingID: Int64?
        public let meetingOn: LocalDate?
        /// No meeting in the window and its due day is over.
        public let overdue: Bool
        public let previousWindow: MeetingWindow
        /// The previous window needed a meeting and had none.
        public let previousMissed: Bool
    }

    /// The schedule of the company's types (all-offices scope only) and of the office types of
    /// `officeID`, or of every office the caller covers when nil (HQ: every active office).
    public func schedule(officeID: Int64?, _ caller: Caller) async throws -> [Entry] {
        try await runner.perform(caller, .readMeetings, readOnly: true) { work in
            let zone = try await work.companyTimeZone()
            let today = LocalDate(work.now, in: zone)
            let calendar = WorkingCalendar(exceptions: try await CompanyRepository.calendarExceptions(
                from: today.shifted(by: -400), to: today.shifted(by: 200), in: work.tx))
            let offices: [Int64]
            if let officeID {
                try await work.checkActive(office: officeID)
                offices = [officeID]
            } else {
                offices = try await OrganizationUnitRepository.list(
                    .office, afterID: nil, limit: Self.maximumOffices, includeArchived: false,
                    onlyIDs: work.scope == .allOffices ? nil : Array(caller.actor.officeIDs), in: work.tx
                ).prefix(Self.maximumOffices).map(\.id)
            }
            let withCompany = officeID == nil && work.scope == .allOffices
            var windows: [(type: MeetingType, current: MeetingWindow, previous: MeetingWindow)] = []
            for type in try await MeetingRepository.types(in: work.tx) where type.level == .office || withCompany {
                guard let current = type.window(containing: today, calendar: calendar),
                      let previous = type.window(containing: current.start.shifted(by: -1), calendar: calendar)
                else { continue }
                windows.append((type, current, previous))
            }
            let held = try await MeetingRepository.heldInWindows(
                windows.map { .init(typeCode: $0.type.code, previousStart: $0.previous.start, currentStart: $0.current.start, currentEnd: $0.current.end) },
                zone: zone.identifier, in: work.tx)
            let heldBy = Dictionary(held.map { ("\($0.typeCode)|\($0.officeID.map(String.init) ?? "")", $0) }, uniquingKeysWith: { first, _ in first })
            return windows.flatMap { window in
                let owners: [Int64?] = window.type.level == .company ? [nil] : offices.map { $0 }
                return owners.map { office in
                    let record = heldBy["\(window.type.code)|\(office.map(String.init) ?? "")"]
                    let meetingID = record?.currentID
                    return Entry(
                        type: window.type, officeID: office, window: window.current,
                        agendaDueOn: window.current.dueOn?.shifted(by: -window.type.agendaLeadDays), meetingID: meetingID,
                        meetingOn: record?.currentDay, overdue: meetingID == nil && (window.current.dueOn.map { today > $0 } ?? false),
                        previousWindow: window.previous, previousMissed: window.previous.dueOn != nil && record?.previousHeld != true)
                }
            }
        }
    }

    /// The schedule lists at most this many offices (one request; a company has far fewer).
    static let maximumOffices = 200
}
