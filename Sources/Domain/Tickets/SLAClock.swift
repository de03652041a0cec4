import Foundation

/// A clock's verdict.
public enum ClockOutcome: String, Sendable, Codable {
    case met, breached
}

/// One service clock of a ticket (TKT-15): when it started, when it is due, when it stopped,
/// how long it was paused, and its verdict with the margin in seconds. Pure value: every
/// operation takes the time as an argument; nothing here reads the wall clock.
public struct SLAClock: Sendable, Hashable {
    public let kind: SLAClockKind
    /// The rework round it belongs to (0: the first round).
    public let round: Int
    /// The policy version it started under; it keeps it to the end.
    public let policyVersion: Int64
    public let startedAt: Date
    /// The pause reasons of the rule it started under: a later policy edit does not change them (TKT-15).
    public let pausesWhen: Set<ClockPauseReason>
    public private(set) var dueAt: Date
    public private(set) var warnAt: Date
    public private(set) var pausedSeconds: Int
    public private(set) var pausedSince: Date?
    public private(set) var stoppedAt: Date?
    /// nil while it runs within its time (and for a clock stopped by a cancellation before it was due).
    public private(set) var outcome: ClockOutcome?
    /// Due minus stop, in whole seconds; negative when late. Set when it stops.
    public private(set) var marginSeconds: Int?
    public private(set) var warnedAt: Date?

    public init(
        kind: SLAClockKind, round: Int, policyVersion: Int64, startedAt: Date, pausesWhen: Set<ClockPauseReason> = [], dueAt: Date,
        warnAt: Date, pausedSeconds: Int = 0,
        pausedSince: Date? = nil, stoppedAt: Date? = nil, outcome: ClockOutcome? = nil, marginSeconds: Int? = nil, warnedAt: Date? = nil
    ) {
        self.kind = kind
        self.round = round
        self.policyVersion = policyVersion
        self.startedAt = startedAt
        self.pausesWhen = pausesWhen
        self.dueAt = dueAt
        self.warnAt = warnAt
        self.pausedSeconds = pausedSeconds
        self.pausedSince = pausedSince
        self.stoppedAt = stoppedAt
        self.outcome = outcome
        self.marginSeconds = marginSeconds
        self.warnedAt = warnedAt
    }

    /// Starts a clock under `rule`: due after its duration (elapsed time, or the end of the Nth
    /// working or calendar day after the start day in the company zone).
    public static func start(
        _ kind: SLAClockKind, round: Int, rule: ClockRule, policyVersion: Int64, at start: Date,
        calendar: WorkingCalendar, timeZone: TimeZone
    ) -> SLAClock {
        let due = dueTime(after: start, duration: rule.duration, calendar: calendar, timeZone: timeZone)
        return starting(kind, round: round, rule: rule, policyVersion: policyVersion, at: start, due: due)
    }

    /// Starts a clock with a fixed due time (appointments); a due time already past counts from `start`.
    public static func starting(
        _ kind: SLAClockKind, round: Int, rule: ClockRule, policyVersion: Int64, at start: Date, due: Date
    ) -> SLAClock {
        let due = max(due, start)
        let warn = start.addingTimeInterval(due.timeIntervalSince(start) * rule.warningFraction)
        return SLAClock(
            kind: kind, round: round, policyVersion: policyVersion, startedAt: start, pausesWhen: rule.pausesWhen, dueAt: due, warnAt: warn)
    }

    public var isRunning: Bool { stoppedAt == nil }
    public var isPaused: Bool { pausedSince != nil }

    /// Whether a running clock has passed its due time at `now` (paused time excluded).
    public func isOverdue(at now: Date) -> Bool {
        isRunning && !isPaused && now > dueAt
    }

    /// For the deadline sweeper: a running clock past due is breached now, before it stops.
    public mutating func markBreachedIfOverdue(at now: Date) {
        if isOverdue(at: now) { outcome = .breached }
    }

    /// Whether the warning before the due time should go out now (once).
    public func needsWarning(at now: Date) -> Bool {
        isRunning && !isPaused && warnedAt == nil && outcome == nil && now >= warnAt
    }

    public mutating func markWarned(at now: Date) {
        warnedAt = now
    }

    /// Stops counting. A clock already past due is breached first; pausing a paused clock does nothing.
    public mutating func pause(at now: Date) {
        guard isRunning, !isPaused else { return }
        markBreachedIfOverdue(at: now)
        pausedSince = now
    }

    /// Counts again; the due and warning times move later by the paused span.
    public mutating func resume(at now: Date) {
        guard isRunning, let since = pausedSince else { return }
        let span = max(0, Int(now.timeIntervalSince(since).rounded(.down)))
        pausedSeconds += span
        dueAt = dueAt.addingTimeInterval(TimeInterval(span))
        warnAt = warnAt.addingTimeInterval(TimeInterval(span))
        pausedSince = nil
    }

    /// Stops the clock with its verdict: met when stopped by the due time, breached otherwise
    /// (a clock the sweeper already breached stays breached). Stopping twice changes nothing.
    public mutating func stop(at now: Date) {
        guard isRunning else { return }
        resume(at: now)
        stoppedAt = now
        marginSeconds = Int(dueAt.timeIntervalSince(now).rounded(.down))
        if outcome != .breached { outcome = now <= dueAt ? .met : .breached }
    }

    /// Stops the clock of a cancelled ticket: a clock already past due is breached; one still in
    /// time gets no verdict (it neither meets nor breaches a promise that no longer applies).
    public mutating func abandon(at now: Date) {
        guard isRunning else { return }
        markBreachedIfOverdue(at: now)
        resume(at: now)
        stoppedAt = now
    }

    /// The due time of a duration started at `start`.
    public static func dueTime(after start: Date, duration: ClockDuration, calendar: WorkingCalendar, timeZone: TimeZone) -> Date {
        switch duration {
        case .seconds(let seconds):
            return start.addingTimeInterval(TimeInterval(seconds))
        case .calendarDays(let days):
            return LocalDate(start, in: timeZone).shifted(by: days + 1).start(in: timeZone)
        case .workingDays(let days):
            return calendar.day(days, workingDaysAfter: LocalDate(start, in: timeZone)).shifted(by: 1).start(in: timeZone)
        }
    }
}
