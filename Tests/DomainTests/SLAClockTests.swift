import Domain
import Foundation
import Testing

/// Fixed instants for the clock tests. Nothing here reads the wall clock, and the expected
/// instants are written out by hand (Asia/Shanghai is UTC+8 all year, no daylight saving).
enum TestTime {
    /// 2026-11-22T12:00:00Z, a Sunday: 20:00 in Asia/Shanghai.
    static let t0 = Date(timeIntervalSince1970: 1_795_348_800)
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let utc = TimeZone(identifier: "UTC")!

    static func after(_ seconds: Double, _ base: Date = t0) -> Date { base.addingTimeInterval(seconds) }

    /// An instant written by hand with its offset, e.g. "2026-11-20T15:30:00+08:00".
    static func instant(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    static let plainWeeks = WorkingCalendar(exceptions: [])

    /// National Day 2026: 10-01 (Thu) … 10-07 holidays; Sunday 09-27 and Saturday 10-10 make-up workdays (调休).
    static let nationalDay2026: WorkingCalendar = {
        var exceptions = (1...7).map {
            WorkingCalendar.Exception(day: LocalDate(year: 2026, month: 10, day: $0)!, kind: .holiday, name: "国庆节")
        }
        exceptions.append(.init(day: LocalDate(year: 2026, month: 9, day: 27)!, kind: .workday, name: "调休"))
        exceptions.append(.init(day: LocalDate(year: 2026, month: 10, day: 10)!, kind: .workday, name: "调休"))
        return WorkingCalendar(exceptions: exceptions)
    }()
}

@Suite("SLA clocks: due, pause, stop, breach, warning and abandon (TKT-15)")
struct SLAClockTests {
    let t0 = TestTime.t0
    func at(_ seconds: Double) -> Date { TestTime.after(seconds) }

    func clock(_ kind: SLAClockKind, _ rule: ClockRule? = nil, version: Int64 = 0, round: Int = 0) -> SLAClock {
        SLAClock.start(
            kind, round: round, rule: rule ?? SLAPolicy.seedDefaults.rule(kind), policyVersion: version, at: t0,
            calendar: TestTime.plainWeeks, timeZone: TestTime.shanghai)
    }

    @Test("the fixed start instant is Sunday 2026-11-22 20:00 in Shanghai")
    func anchor() {
        #expect(TestTime.instant("2026-11-22T12:00:00Z") == t0)
        #expect(TestTime.instant("2026-11-22T20:00:00+08:00") == t0)
    }

    @Test("TKT-3..12: every seconds clock's due and warning time with the seed defaults (warning at 80%)", arguments: [
        (SLAClockKind.entry, 60.0), (.dispatch, 120), (.emergencyReport, 90), (.onSite, 600), (.appointmentCall, 900),
        (.plan, 180), (.supervisorEscalation, 300), (.answer, 900), (.returnVisit, 120), (.specialReturnVisit, 86_400),
    ])
    func seedDueTimes(kind: SLAClockKind, seconds: Double) {
        let clock = clock(kind, version: 7, round: 2)
        #expect(clock.kind == kind)
        #expect(clock.round == 2)
        #expect(clock.policyVersion == 7)
        #expect(clock.startedAt == t0)
        #expect(clock.dueAt == at(seconds))
        #expect(clock.warnAt == at(seconds * 0.8))
        #expect(clock.isRunning && !clock.isPaused)
        #expect(clock.outcome == nil && clock.marginSeconds == nil && clock.stoppedAt == nil && clock.warnedAt == nil)
        #expect(clock.pausedSeconds == 0 && clock.pausedSince == nil)
    }

    @Test("TKT-15: the warning fraction of the rule decides the warning time")
    func warningFraction() {
        let clock = clock(.onSite, ClockRule(duration: .seconds(600), warningFraction: 0.5))
        #expect(clock.warnAt == at(300))
        #expect(clock.dueAt == at(600))
    }

    @Test("TKT-6: a fixed due time (appointments) warns at 80% of the span; a due time already past counts from the start")
    func fixedDueTime() {
        let rule = SLAPolicy.seedDefaults.rule(.appointmentCall)
        let call = SLAClock.starting(.appointmentCall, round: 0, rule: rule, policyVersion: 0, at: t0, due: at(2_700))
        #expect(call.startedAt == t0)
        #expect(call.dueAt == at(2_700))
        #expect(call.warnAt == at(2_160))
        let late = SLAClock.starting(.onSite, round: 0, rule: SLAPolicy.seedDefaults.rule(.onSite), policyVersion: 0, at: t0,
                                     due: at(-60))
        #expect(late.dueAt == t0)
        #expect(late.warnAt == t0)
        #expect(!late.isOverdue(at: t0))
        #expect(late.isOverdue(at: at(1)))
    }

    @Test("TKT-15: stopped before due is met with a positive margin; exactly at due met with 0; a fraction later breached with -1")
    func stopVerdictAndMargin() {
        var early = clock(.dispatch)
        early.stop(at: at(45))
        #expect(early.outcome == .met)
        #expect(early.marginSeconds == 75)
        #expect(early.stoppedAt == at(45))
        #expect(!early.isRunning)

        var onTime = clock(.dispatch)
        onTime.stop(at: at(120))
        #expect(onTime.outcome == .met)
        #expect(onTime.marginSeconds == 0)

        var justLate = clock(.dispatch)
        justLate.stop(at: at(120.3))
        #expect(justLate.outcome == .breached)
        #expect(justLate.marginSeconds == -1)
    }

    @Test("TKT-5: an emergency reported after 2 minutes breaches the 90-second clock by 30 s")
    func emergencyReportBreach() {
        var clock = clock(.emergencyReport)
        clock.stop(at: at(120))
        #expect(clock.outcome == .breached)
        #expect(clock.marginSeconds == -30)
        #expect(clock.stoppedAt == at(120))
    }

    @Test("TKT-15: stopping twice keeps the first verdict, stop time and margin")
    func stopTwice() {
        var clock = clock(.plan)
        clock.stop(at: at(100))
        clock.stop(at: at(1_000))
        #expect(clock.outcome == .met)
        #expect(clock.stoppedAt == at(100))
        #expect(clock.marginSeconds == 80)
    }

    @Test("TKT-15: paused time does not count — due and warning move later by the paused span")
    func pauseMovesDue() {
        var clock = clock(.onSite)
        clock.pause(at: at(100))
        #expect(clock.isPaused)
        #expect(clock.pausedSince == at(100))
        #expect(!clock.isOverdue(at: at(5_000)))        // paused clocks do not run out
        #expect(!clock.needsWarning(at: at(500)))       // nor warn
        clock.resume(at: at(400))
        #expect(!clock.isPaused && clock.pausedSince == nil)
        #expect(clock.pausedSeconds == 300)
        #expect(clock.dueAt == at(900))
        #expect(clock.warnAt == at(780))
        #expect(!clock.isOverdue(at: at(900)))
        #expect(clock.isOverdue(at: at(901)))
        clock.stop(at: at(850))
        #expect(clock.outcome == .met)
        #expect(clock.marginSeconds == 50)
    }

    @Test("TKT-15: pauses accumulate in whole seconds; pausing twice and resuming a running clock change nothing")
    func pauseArithmetic() {
        var clock = clock(.plan)
        clock.resume(at: at(10))                         // not paused: nothing
        #expect(clock.pausedSeconds == 0 && clock.dueAt == at(180))
        clock.pause(at: at(10))
        clock.pause(at: at(20))                          // already paused: the first start stands
        #expect(clock.pausedSince == at(10))
        clock.resume(at: at(40))                         // 30 s
        clock.pause(at: at(50))
        clock.resume(at: at(70.9))                       // 20.9 s counts as 20
        #expect(clock.pausedSeconds == 50)
        #expect(clock.dueAt == at(230))
        #expect(clock.warnAt == at(144 + 50))
    }

    @Test("TKT-15: a clock already past due is breached when it pauses; its margin stays negative")
    func pauseWhenOverdue() {
        var clock = clock(.dispatch)
        clock.pause(at: at(150))                         // 30 s late
        #expect(clock.outcome == .breached)
        #expect(clock.isPaused)
        clock.resume(at: at(450))                        // 300 s paused: due moves to 420
        #expect(clock.dueAt == at(420))
        clock.stop(at: at(460))
        #expect(clock.outcome == .breached)
        #expect(clock.marginSeconds == -40)              // 460 − 300 paused = 160 s counted, 40 s late
    }

    @Test("TKT-15: a stopped clock neither pauses nor resumes")
    func stoppedClockIgnoresPause() {
        var clock = clock(.dispatch)
        clock.stop(at: at(10))
        clock.pause(at: at(20))
        #expect(!clock.isPaused)
        clock.resume(at: at(30))
        #expect(clock.pausedSeconds == 0 && clock.dueAt == at(120))
    }

    @Test("TKT-15: stopping a paused clock ends the pause first; the paused span still does not count")
    func stopWhilePaused() {
        var clock = clock(.returnVisit)
        clock.pause(at: at(60))
        clock.stop(at: at(600))
        #expect(!clock.isPaused)
        #expect(clock.pausedSeconds == 540)
        #expect(clock.dueAt == at(660))
        #expect(clock.outcome == .met)
        #expect(clock.marginSeconds == 60)
    }

    @Test("TKT-15: the sweeper marks a running clock breached only past due, keeps it running; a later stop stays breached")
    func sweeperThenStop() {
        var clock = clock(.onSite)
        clock.markBreachedIfOverdue(at: at(600))         // due, not past due
        #expect(clock.outcome == nil)
        #expect(!clock.isOverdue(at: at(600)))
        #expect(clock.isOverdue(at: at(600.5)))
        clock.markBreachedIfOverdue(at: at(601))
        #expect(clock.outcome == .breached)
        #expect(clock.isRunning && clock.stoppedAt == nil && clock.marginSeconds == nil)
        clock.stop(at: at(750))
        #expect(clock.outcome == .breached)
        #expect(clock.marginSeconds == -150)
    }

    @Test("TKT-15: the sweeper leaves paused and stopped clocks alone")
    func sweeperSkipsPausedAndStopped() {
        var paused = clock(.onSite)
        paused.pause(at: at(100))
        paused.markBreachedIfOverdue(at: at(10_000))
        #expect(paused.outcome == nil)
        var stopped = clock(.onSite)
        stopped.stop(at: at(100))
        stopped.markBreachedIfOverdue(at: at(10_000))
        #expect(stopped.outcome == .met)
        #expect(!stopped.isOverdue(at: at(10_000)))
    }

    @Test("TKT-15: a warning is due from 80% of the span, once, only while running, unpaused and not breached")
    func warnings() {
        var clock = clock(.onSite)
        #expect(!clock.needsWarning(at: at(479)))
        #expect(clock.needsWarning(at: at(480)))
        clock.markWarned(at: at(481))
        #expect(clock.warnedAt == at(481))
        #expect(!clock.needsWarning(at: at(500)))

        var stopped = self.clock(.onSite)
        stopped.stop(at: at(100))
        #expect(!stopped.needsWarning(at: at(590)))

        var breached = self.clock(.onSite)
        breached.markBreachedIfOverdue(at: at(601))
        #expect(!breached.needsWarning(at: at(602)))

        var paused = self.clock(.onSite)
        paused.pause(at: at(100))
        #expect(!paused.needsWarning(at: at(590)))
    }

    @Test("cancellation abandons: a clock in time stops with no verdict and no margin")
    func abandonInTime() {
        var clock = clock(.plan)
        clock.abandon(at: at(60))
        #expect(!clock.isRunning)
        #expect(clock.stoppedAt == at(60))
        #expect(clock.outcome == nil)
        #expect(clock.marginSeconds == nil)
        clock.abandon(at: at(500))                       // twice: nothing changes
        #expect(clock.stoppedAt == at(60) && clock.outcome == nil)
    }

    @Test("cancellation abandons: a clock already past due is breached; a paused one counts its pause and has no verdict")
    func abandonOverdueOrPaused() {
        var overdue = clock(.plan)
        overdue.abandon(at: at(200))
        #expect(overdue.outcome == .breached)
        #expect(overdue.stoppedAt == at(200))

        var paused = clock(.plan)
        paused.pause(at: at(100))
        paused.abandon(at: at(400))                      // 300 s paused: 100 s counted of 180
        #expect(!paused.isPaused)
        #expect(paused.pausedSeconds == 300)
        #expect(paused.outcome == nil)
        #expect(paused.stoppedAt == at(400))

        var stopped = clock(.plan)
        stopped.stop(at: at(50))
        stopped.abandon(at: at(500))
        #expect(stopped.outcome == .met && stopped.stoppedAt == at(50))
    }

    @Test("a clock rebuilt from its stored fields equals the original")
    func restore() {
        var clock = clock(.answer, version: 3)
        clock.pause(at: at(10))
        clock.resume(at: at(20))
        clock.markWarned(at: at(800))
        clock.stop(at: at(950))
        let restored = SLAClock(
            kind: clock.kind, round: clock.round, policyVersion: clock.policyVersion, startedAt: clock.startedAt, dueAt: clock.dueAt,
            warnAt: clock.warnAt, pausedSeconds: clock.pausedSeconds, pausedSince: clock.pausedSince, stoppedAt: clock.stoppedAt,
            outcome: clock.outcome, marginSeconds: clock.marginSeconds, warnedAt: clock.warnedAt)
        #expect(restored == clock)
        #expect(restored.outcome == .breached && restored.marginSeconds == -40)   // due 910, stopped 950
    }
}

@Suite("SLA clocks of days on the company calendar in Asia/Shanghai (TKT-15, BI-3)")
struct SLADayClockTests {
    func due(_ start: String, _ duration: ClockDuration, _ calendar: WorkingCalendar = TestTime.plainWeeks,
             _ zone: TimeZone = TestTime.shanghai) -> Date {
        SLAClock.dueTime(after: TestTime.instant(start), duration: duration, calendar: calendar, timeZone: zone)
    }

    @Test("TKT-15: seconds durations are elapsed time, whatever the calendar says")
    func secondsIgnoreCalendar() {
        #expect(SLAClock.dueTime(after: TestTime.t0, duration: .seconds(86_400), calendar: TestTime.nationalDay2026,
                                 timeZone: TestTime.shanghai) == TestTime.after(86_400))
    }

    @Test("TKT-15: working days from a Friday skip the weekend and end at the day's end; calendar days do not skip")
    func acrossWeekend() {
        // Friday 2026-11-20 15:30 Shanghai.
        let friday = "2026-11-20T15:30:00+08:00"
        #expect(due(friday, .workingDays(1)) == TestTime.instant("2026-11-24T00:00:00+08:00"))   // Monday 23 ends
        #expect(due(friday, .workingDays(3)) == TestTime.instant("2026-11-26T00:00:00+08:00"))   // Wednesday 25 ends
        #expect(due(friday, .calendarDays(1)) == TestTime.instant("2026-11-22T00:00:00+08:00"))  // Saturday 21 ends
        #expect(due(friday, .calendarDays(3)) == TestTime.instant("2026-11-24T00:00:00+08:00"))  // Monday 23 ends
        // From the fixed start (Sunday 20:00): 1 working day is Monday, which ends at t0 + 28 h.
        #expect(SLAClock.dueTime(after: TestTime.t0, duration: .workingDays(1), calendar: TestTime.plainWeeks,
                                 timeZone: TestTime.shanghai) == TestTime.after(28 * 3_600))
    }

    @Test("TKT-15: National Day holidays do not count; make-up workdays (调休) on weekends do")
    func holidaysAndMakeUpDays() {
        let calendar = TestTime.nationalDay2026
        // Wednesday 09-30: Oct 1-7 off, Thursday 8 and Friday 9 count.
        #expect(due("2026-09-30T10:00:00+08:00", .workingDays(2), calendar) == TestTime.instant("2026-10-10T00:00:00+08:00"))
        // … and the third is the make-up Saturday 10-10.
        #expect(due("2026-09-30T10:00:00+08:00", .workingDays(3), calendar) == TestTime.instant("2026-10-11T00:00:00+08:00"))
        // Friday 09-25: Saturday rests, Sunday 09-27 is a make-up workday.
        #expect(due("2026-09-25T10:00:00+08:00", .workingDays(1), calendar) == TestTime.instant("2026-09-28T00:00:00+08:00"))
        // Without the exceptions the same start is due at Monday's end.
        #expect(due("2026-09-25T10:00:00+08:00", .workingDays(1)) == TestTime.instant("2026-09-29T00:00:00+08:00"))
        // Started on a holiday: the first working day after is Thursday 10-08.
        #expect(due("2026-10-01T10:00:00+08:00", .workingDays(1), calendar) == TestTime.instant("2026-10-09T00:00:00+08:00"))
        // Calendar days ignore holidays.
        #expect(due("2026-09-30T10:00:00+08:00", .calendarDays(3), calendar) == TestTime.instant("2026-10-04T00:00:00+08:00"))
    }

    @Test("TKT-15: the start day is the day in the company zone, not in UTC")
    func zoneDecidesTheDay() {
        // Monday 01:00 in Shanghai is still Sunday 17:00 in UTC.
        let start = "2026-11-23T01:00:00+08:00"
        #expect(due(start, .workingDays(1), TestTime.plainWeeks, TestTime.shanghai) == TestTime.instant("2026-11-25T00:00:00+08:00"))
        #expect(due(start, .workingDays(1), TestTime.plainWeeks, TestTime.utc) == TestTime.instant("2026-11-24T00:00:00Z"))
    }

    @Test("TKT-15: a days clock warns at 80% of its wall span and breaches after the last day ends")
    func dayClock() {
        let start = TestTime.instant("2026-11-20T16:00:00+08:00")   // Friday
        var clock = SLAClock.start(
            .answer, round: 0, rule: ClockRule(duration: .workingDays(3)), policyVersion: 7, at: start,
            calendar: TestTime.plainWeeks, timeZone: TestTime.shanghai)
        let dueAt = TestTime.instant("2026-11-26T00:00:00+08:00")
        #expect(clock.dueAt == dueAt)
        // Friday 16:00 → Thursday 00:00 is 5 days 8 hours = 460 800 s; 80% is 368 640 s.
        #expect(clock.warnAt == start.addingTimeInterval(368_640))
        #expect(!clock.isOverdue(at: TestTime.instant("2026-11-25T23:59:59+08:00")))
        #expect(!clock.isOverdue(at: dueAt))
        #expect(clock.isOverdue(at: TestTime.instant("2026-11-26T00:00:01+08:00")))
        clock.stop(at: TestTime.instant("2026-11-26T09:00:00+08:00"))
        #expect(clock.outcome == .breached)
        #expect(clock.marginSeconds == -9 * 3_600)
        #expect(clock.policyVersion == 7)
    }

    @Test("BI-3: LocalDate(_:in:) and start(in:) follow the zone")
    func localDayOfInstant() throws {
        let monday = try #require(LocalDate(iso: "2026-11-23"))
        let sunday = try #require(LocalDate(iso: "2026-11-22"))
        #expect(monday.start(in: TestTime.shanghai) == TestTime.after(4 * 3_600))           // 2026-11-22T16:00Z
        #expect(monday.start(in: TestTime.utc) == TestTime.after(12 * 3_600))               // 2026-11-23T00:00Z
        #expect(LocalDate(TestTime.t0, in: TestTime.shanghai) == sunday)                     // 20:00 Sunday
        #expect(LocalDate(TestTime.after(4 * 3_600), in: TestTime.shanghai) == monday)       // 00:00 Monday
        #expect(LocalDate(TestTime.after(4 * 3_600 - 1), in: TestTime.shanghai) == sunday)   // 23:59:59 Sunday
        #expect(LocalDate(TestTime.after(4 * 3_600), in: TestTime.utc) == sunday)            // 16:00Z Sunday
    }
}
