import Domain
import Foundation
import Persistence

/// Satisfaction survey campaigns (SRV-3): started by an office for its customers, or by HQ for every
/// office's; the units drawn when the campaign starts, reproducibly from a seed, each with its reason;
/// forms entered by staff or given through one-time links; recovery live; closed as target met or,
/// explicitly, below target; the analysis due a week after closing (policy).
public struct SurveyCampaignService: Sendable {
    private let runner: ServiceRunner
    private let policy: SurveyPolicy

    public init(database: Database, policy: SurveyPolicy = .defaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    public struct Draft: Sendable {
        /// nil: the company's campaign across every office (HQ only).
        public var officeID: Int64?
        public var name: String
        public var variant: SurveyVariant.Kind
        public var templateID: Int64
        /// nil: the template's latest version.
        public var templateVersion: Int?
        public var opensOn: LocalDate
        public var closesOn: LocalDate
        /// nil: the variant's target; otherwise at least that, in thousandths.
        public var targetPermille: Int?
        /// nil: a random seed, kept with the campaign.
        public var seed: String?

        public init(
            officeID: Int64?, name: String, variant: SurveyVariant.Kind, templateID: Int64, templateVersion: Int?, opensOn: LocalDate,
            closesOn: LocalDate, targetPermille: Int?, seed: String?
        ) {
            self.officeID = officeID
            self.name = name
            self.variant = variant
            self.templateID = templateID
            self.templateVersion = templateVersion
            self.opensOn = opensOn
            self.closesOn = closesOn
            self.targetPermille = targetPermille
            self.seed = seed
        }
    }

    /// A campaign with how far it has come, as the caller sees it.
    public struct Overview: Sendable {
        public let campaign: SurveyCampaign
        public let counts: SurveyCampaignProgress
    }

    /// The variants a campaign may be started with, as this policy has them.
    public func variants(_ caller: Caller) throws -> [SurveyVariant] {
        do { _ = try caller.actor.authorize(.readSurveys) } catch { throw ServiceError.forbidden(.readSurveys) }
        return SurveyVariant.Kind.allCases.map(policy.variant)
    }

    /// Starts a campaign and draws its units in the same transaction.
    public func start(_ draft: Draft, _ caller: Caller) async throws -> Overview {
        try await runner.perform(caller, .runSurveys) { work in
            if let officeID = draft.officeID {
                try await work.checkActive(office: officeID)
            } else if work.scope != .allOffices {
                throw ServiceError.validation([FieldIssue("officeId", "name your office: only HQ runs a company-wide campaign")])
            }
            let variant = policy.variant(draft.variant)
            var issues: [FieldIssue] = []
            let name = InputRules.required(draft.name, field: "name", limit: 200, issues: &issues)
            let seed = InputRules.optional(draft.seed, field: "seed", limit: 64, issues: &issues) ?? String(SecretToken.make().prefix(12))
            checkWindow(draft, variant: variant, issues: &issues)
            let target = draft.targetPermille ?? variant.targetPermille
            if !(variant.targetPermille...1000).contains(target) {
                issues.append(FieldIssue("recoveryTarget", "must be at least the \(draft.variant.rawValue) survey's \(SurveyCampaign.percent(variant.targetPermille)) and at most 100%"))
            }
            let template = try await SurveyTemplateRepository.find(id: draft.templateID, in: work.tx)
            let version = draft.templateVersion ?? template?.latestVersion ?? 1
            if template == nil {
                issues.append(FieldIssue("templateId", "no survey template with this id"))
            } else if try await SurveyTemplateRepository.version(templateID: draft.templateID, version: version, in: work.tx) == nil {
                issues.append(FieldIssue("templateVersion", "the template has no version \(version)"))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }

            let complaintYear = draft.opensOn.year - 1
            let candidates = try await SurveyCampaignRepository.candidates(
                officeID: draft.officeID, complaintYear: complaintYear, timeZone: try await work.companyTimeZone().identifier, in: work.tx)
            let picks = SurveySampler.draw(candidates, samplePermille: variant.samplePermille, keySharePermille: variant.keySharePermille, seed: seed)
            guard !picks.isEmpty else {
                throw ServiceError.validation([FieldIssue("officeId", "there are no customers to ask: no active unit has an occupant")])
            }
            let campaign = try await SurveyCampaignRepository.insert(
                SurveyCampaign(
                    id: 0, officeID: draft.officeID, name: name, variant: draft.variant, templateID: draft.templateID, templateVersion: version,
                    opensOn: draft.opensOn, closesOn: draft.closesOn, samplePermille: variant.samplePermille,
                    keySharePermille: variant.keySharePermille, targetPermille: target, seed: seed, complaintYear: complaintYear,
                    createdBy: caller.actor.userID, createdAt: work.now),
                in: work.tx)
            try await SurveyCampaignRepository.insertRespondents(campaignID: campaign.id, picks: picks, in: work.tx)
            try await work.audit(.created(campaign))
            var counts = SurveyCampaignProgress()
            counts.respondents = picks.count
            return Overview(campaign: campaign, counts: counts)
        }
    }

    /// The window: closes on or after it opens, at most `maximumWindowDays` long, inside the variant's months.
    private func checkWindow(_ draft: Draft, variant: SurveyVariant, issues: inout [FieldIssue]) {
        let days = draft.closesOn.daysSinceEpoch - draft.opensOn.daysSinceEpoch + 1
        if days < 1 {
            issues.append(FieldIssue("closesOn", "must not be before opensOn"))
        } else if days > policy.maximumWindowDays {
            issues.append(FieldIssue("closesOn", "the window may last at most \(policy.maximumWindowDays) days"))
        } else if !variant.months.isEmpty {
            let months = (0..<days).compactMap { draft.opensOn.adding(days: $0)?.month }
            if !Set(months).isSubset(of: variant.months) {
                let allowed = variant.months.sorted().map(String.init).joined(separator: ", ")
                issues.append(FieldIssue("opensOn", "a \(draft.variant.rawValue) survey runs inside months \(allowed)"))
            }
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> Overview {
        try await runner.perform(caller, .readSurveys, readOnly: true) { work in
            try await Self.overview(try await Self.campaign(id, work: work), work: work)
        }
    }

    /// `officeID`: that office's campaigns and the company's.
    public func list(officeID: Int64?, status: SurveyCampaign.Status?, _ caller: Caller, page: PageRequest) async throws -> Page<Overview> {
        try await runner.perform(caller, .readSurveys, readOnly: true) { work in
            let campaigns = try await SurveyCampaignRepository.list(
                officeID: officeID, status: status, afterID: page.afterID, limit: page.limit, in: work.tx)
            let counts = try await SurveyCampaignRepository.counts(campaignIDs: campaigns.map(\.id), in: work.tx)
            let overviews = campaigns.map { Overview(campaign: $0, counts: counts[$0.id] ?? .init()) }
            return page.page(from: overviews, id: \.campaign.id)
        }
    }

    /// Closes collection. Below the recovery target it closes only with `acceptBelowTarget` (then `below_target`,
    /// never as successful). The company's campaign is closed by HQ. The analysis falls due `analysisDays` later, and the
    /// follow-up visits are made in the same transaction, due the same day.
    public func close(id: Int64, acceptBelowTarget: Bool, expectedVersion: Int?, _ caller: Caller) async throws -> Overview {
        try await runner.perform(caller, .runSurveys) { work in
            let before = try await Self.campaign(id, forUpdate: true, work: work)
            if before.officeID == nil, work.scope != .allOffices { throw ServiceError.forbiddenHere("only HQ closes a company-wide campaign") }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.status == .open else { throw ServiceError.invalidState("the campaign is closed") }
            let counts = try await SurveyCampaignRepository.counts(campaignIDs: [id], in: work.tx)[id] ?? .init()
            let met = before.meetsTarget(responses: counts.responses, respondents: counts.respondents)
            if !met, !acceptBelowTarget {
                let rate = Ratio.text(Ratio.rounded(counts.responses, over: counts.respondents, places: 4) ?? 0, places: 4)
                throw ServiceError.invalidState(
                    "recovery is \(rate) (\(counts.responses) of \(counts.respondents)), below the target \(SurveyCampaign.percent(before.targetPermille)); "
                        + "collect more forms, or close with acceptBelowTarget")
            }
            var campaign = before
            campaign.status = .closed
            campaign.outcome = met ? .targetMet : .belowTarget
            campaign.closedBy = caller.actor.userID
            campaign.closedAt = work.now
            campaign.analysisDueOn = LocalDate(work.now, in: try await work.companyTimeZone()).adding(days: policy.analysisDays)
            campaign = try await SurveyCampaignRepository.update(campaign, in: work.tx)
            let followUps = try await SurveyFollowUpRepository.create(
                campaignID: id, dueOn: campaign.analysisDueOn ?? campaign.closesOn, lowScoreAtMost: policy.lowScoreAtMost.rawValue, in: work.tx)
            let closing = AuditEntry.changed("close", from: before, to: campaign)
            try await work.audit(AuditEntry(
                action: closing.action, entityType: closing.entityType, entityID: closing.entityID, officeID: closing.officeID,
                changes: closing.changes.merging(["follow_ups": .init(before: nil, after: String(followUps))]) { $1 }))
            return try await Self.overview(campaign, work: work)
        }
    }

    /// The campaign's respondents with why each was asked; `officeID` and `responded` filter.
    public func respondents(
        campaignID: Int64, officeID: Int64?, responded: Bool?, _ caller: Caller, page: PageRequest
    ) async throws -> (SurveyCampaign, Page<SurveyRespondent>) {
        try await runner.perform(caller, .readSurveys, readOnly: true) { work in
            let campaign = try await Self.campaign(campaignID, work: work)
            let rows = try await SurveyCampaignRepository.respondents(
                campaignID: campaignID, officeID: officeID, responded: responded, afterID: page.afterID, limit: page.limit, in: work.tx)
            return (campaign, page.page(from: rows, id: \.id))
        }
    }

    /// A respondent's one-time link key (shown once; a new one replaces an earlier one): while the campaign collects
    /// and the unit has not answered.
    public func issueLink(respondentID: Int64, _ caller: Caller) async throws -> (key: String, expiresAt: Date) {
        try await runner.perform(caller, .runSurveys) { work in
            let (respondent, campaign) = try await Self.respondent(respondentID, work: work)
            try Self.checkCollecting(campaign, respondent: respondent)
            let key = SecretToken.make()
            try await SurveyCampaignRepository.setLink(respondent, digest: SecretToken.digest(key), by: caller.actor.userID, at: work.now, in: work.tx)
            try await work.audit(AuditEntry(
                action: "survey_link.issue", entityType: "survey_respondent", entityID: String(respondent.id), officeID: respondent.officeID,
                changes: ["link_issued_at": .init(before: respondent.linkIssuedAt?.auditText, after: work.now.auditText)]))
            return (key, campaign.closesOn.adding(days: 1)?.start(in: try await work.companyTimeZone()) ?? work.now)
        }
    }

    /// A paper form entered by staff.
    public func enterResponse(
        respondentID: Int64, answers drafts: [SurveyAnswerDraft], _ caller: Caller
    ) async throws -> (SurveyRespondent, SurveyCampaign) {
        try await runner.perform(caller, .runSurveys) { work in
            let (respondent, campaign) = try await Self.respondent(respondentID, forUpdate: true, work: work)
            try Self.checkCollecting(campaign, respondent: respondent)
            let answers = try await Self.checkAnswers(drafts, campaign: campaign, tx: work.tx)
            try await SurveyCampaignRepository.recordResponse(
                respondent, channel: .paper, enteredBy: caller.actor.userID, answers: answers, at: work.now, in: work.tx)
            try await work.audit(Self.responseAudit(respondent, channel: .paper, answers: answers))
            return (try await SurveyCampaignRepository.respondent(id: respondentID, in: work.tx) ?? respondent, campaign)
        }
    }

    /// The statistics and analysis, with the common issues to answer publicly (If-Match); rewritable. Closed campaigns only;
    /// the company's, HQ only.
    public func writeAnalysis(id: Int64, analysis: String, commonIssues: String?, expectedVersion: Int?, _ caller: Caller) async throws -> Overview {
        try await runner.perform(caller, .runSurveys) { work in
            let before = try await Self.campaign(id, forUpdate: true, work: work)
            if before.officeID == nil, work.scope != .allOffices { throw ServiceError.forbiddenHere("only HQ analyses a company-wide campaign") }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.status == .closed else { throw ServiceError.invalidState("the campaign still collects; close it first") }
            var issues: [FieldIssue] = []
            var campaign = before
            campaign.analysis = InputRules.required(analysis, field: "analysis", limit: 20_000, issues: &issues)
            campaign.commonIssues = InputRules.optional(commonIssues, field: "commonIssues", limit: 8000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            campaign.analysisBy = caller.actor.userID
            campaign.analysisAt = work.now
            campaign = try await SurveyCampaignRepository.update(campaign, in: work.tx)
            try await work.audit(.changed("analysis", from: before, to: campaign))
            return try await Self.overview(campaign, work: work)
        }
    }

    /// The campaign's follow-up visits; `officeID` and `status` filter.
    public func followUps(
        campaignID: Int64, officeID: Int64?, status: SurveyFollowUp.Status?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<SurveyFollowUp> {
        try await runner.perform(caller, .readSurveys, readOnly: true) { work in
            _ = try await Self.campaign(campaignID, work: work)
            return page.page(
                from: try await SurveyFollowUpRepository.list(
                    campaignID: campaignID, officeID: officeID, status: status, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    /// A follow-up visit done, with what came of it (If-Match).
    public func completeFollowUp(id: Int64, note: String, expectedVersion: Int?, _ caller: Caller) async throws -> SurveyFollowUp {
        try await runner.perform(caller, .runSurveys) { work in
            guard let before = try await SurveyFollowUpRepository.find(id: id, forUpdate: true, in: work.tx), work.covers(office: before.officeID)
            else { throw ServiceError.notFound("no survey follow-up with id \(id)") }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.status == .open else { throw ServiceError.invalidState("the follow-up is done") }
            var issues: [FieldIssue] = []
            var followUp = before
            followUp.note = InputRules.required(note, field: "note", limit: 4000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            followUp.status = .done
            followUp.doneBy = caller.actor.userID
            followUp.doneAt = work.now
            try await SurveyFollowUpRepository.update(followUp, in: work.tx)
            try await work.audit(.changed("complete", from: before, to: followUp))
            return try await SurveyFollowUpRepository.find(id: id, in: work.tx) ?? followUp
        }
    }

    public func results(campaignID: Int64, _ caller: Caller) async throws -> (SurveyCampaign, SurveyResults) {
        try await runner.perform(caller, .readSurveys, readOnly: true) { work in
            let campaign = try await Self.campaign(campaignID, work: work)
            let results = try await SurveyResultsRepository.results(campaign: campaign, in: work.tx)
            // Ranks compare offices; an office's own view holds one office, so its ranks would mislead.
            guard work.scope == .allOffices else {
                return (campaign, SurveyResults(
                    total: results.total, offices: results.offices, areas: results.areas,
                    officeAreas: results.officeAreas.map { .init(
                        officeID: $0.officeID, officeCode: $0.officeCode, area: $0.area, scaleAnswers: $0.scaleAnswers,
                        satisfiedAnswers: $0.satisfiedAnswers, satisfactionRate: $0.satisfactionRate, meanScore: $0.meanScore, rank: nil) }))
            }
            return (campaign, results)
        }
    }

    // MARK: - Shared with the public link

    /// Refuses a form or link for a closed campaign or an answered unit (409).
    static func checkCollecting(_ campaign: SurveyCampaign, respondent: SurveyRespondent) throws {
        guard campaign.status == .open else { throw ServiceError.invalidState("the campaign is closed") }
        guard respondent.respondedAt == nil else { throw ServiceError.invalidState("this unit has already answered") }
    }

    /// The respondent's campaign; `hold`: held open (FOR SHARE) until this transaction ends, for a form being written.
    static func collectingCampaign(of respondent: SurveyRespondent, hold: Bool, tx: Transaction) async throws -> SurveyCampaign {
        if hold { try await SurveyCampaignRepository.holdOpen(id: respondent.campaignID, in: tx) }
        guard let campaign = try await SurveyCampaignRepository.find(id: respondent.campaignID, in: tx)
        else { throw ServiceError.notFound("no survey campaign with id \(respondent.campaignID)") }
        return campaign
    }

    static func checkAnswers(_ drafts: [SurveyAnswerDraft], campaign: SurveyCampaign, tx: Transaction) async throws -> [SurveyAnswer] {
        let version = try await SurveyTemplateRepository.version(templateID: campaign.templateID, version: campaign.templateVersion, in: tx)
        return try SurveyAnswerRules.check(drafts, questions: version?.questions ?? [])
    }

    static func responseAudit(_ respondent: SurveyRespondent, channel: SurveyRespondent.Channel, answers: [SurveyAnswer]) -> AuditEntry {
        AuditEntry(
            action: "survey_respondent.respond", entityType: "survey_respondent", entityID: String(respondent.id), officeID: respondent.officeID,
            changes: [
                "channel": .init(before: nil, after: channel.rawValue),
                "answers": .init(before: nil, after: String(answers.count)),
            ])
    }

    static func overview(_ campaign: SurveyCampaign, work: ServiceWork) async throws -> Overview {
        Overview(campaign: campaign, counts: try await SurveyCampaignRepository.counts(campaignIDs: [campaign.id], in: work.tx)[campaign.id] ?? .init())
    }

    /// The campaign, if the caller sees it (an office's: that office; the company's: everyone who reads surveys).
    static func campaign(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> SurveyCampaign {
        guard let campaign = try await SurveyCampaignRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              campaign.officeID.map { work.covers(office: $0) } ?? true
        else { throw ServiceError.notFound("no survey campaign with id \(id)") }
        return campaign
    }

    private static func respondent(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> (SurveyRespondent, SurveyCampaign) {
        guard let respondent = try await SurveyCampaignRepository.respondent(id: id, forUpdate: forUpdate, in: work.tx),
              work.covers(office: respondent.officeID)
        else { throw ServiceError.notFound("no survey respondent with id \(id)") }
        return (respondent, try await Self.collectingCampaign(of: respondent, hold: true, tx: work.tx))
    }
}
