import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Services

// Satisfaction surveys (SRV-3/4): templates, campaigns, respondents, results, and the public one-time link.
extension APIHandler {
    func listSurveyVariants(_ input: Operations.ListSurveyVariants.Input) async throws -> Operations.ListSurveyVariants.Output {
        let variants = try services.surveyCampaigns.variants(try await caller())
        return .ok(.init(body: .json(.init(items: try variants.map { variant in
            .init(
                variant: try Self.wire(variant.kind), sampleRate: Self.permille(variant.samplePermille),
                keyShare: Self.permille(variant.keySharePermille), recoveryTarget: Self.permille(variant.targetPermille),
                months: variant.months.sorted())
        }))))
    }

    func listSurveyTemplates(_ input: Operations.ListSurveyTemplates.Input) async throws -> Operations.ListSurveyTemplates.Output {
        let page = try await services.surveyTemplates.list(try await caller(), page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(
            items: page.items.map { .init(id: $0.id, name: $0.name, latestVersion: $0.latestVersion, createdBy: $0.createdBy, createdAt: $0.createdAt) },
            nextCursor: page.nextCursor))))
    }

    func createSurveyTemplate(_ input: Operations.CreateSurveyTemplate.Input) async throws -> Operations.CreateSurveyTemplate.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let (template, version) = try await services.surveyTemplates.create(
            name: body.name, questions: try body.questions.map(Self.questionDraft), try await caller())
        return .created(.init(body: .json(try Self.schema(template, version))))
    }

    func getSurveyTemplate(_ input: Operations.GetSurveyTemplate.Input) async throws -> Operations.GetSurveyTemplate.Output {
        let (template, version) = try await services.surveyTemplates.get(id: input.path.id, version: input.query.version, try await caller())
        return .ok(.init(body: .json(try Self.schema(template, version))))
    }

    func addSurveyTemplateVersion(_ input: Operations.AddSurveyTemplateVersion.Input) async throws -> Operations.AddSurveyTemplateVersion.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let (template, version) = try await services.surveyTemplates.addVersion(
            templateID: input.path.id, questions: try body.questions.map(Self.questionDraft), try await caller())
        return .created(.init(body: .json(try Self.schema(template, version))))
    }

    func listSurveyCampaigns(_ input: Operations.ListSurveyCampaigns.Input) async throws -> Operations.ListSurveyCampaigns.Output {
        let query = input.query
        let page = try await services.surveyCampaigns.list(
            officeID: query.officeId, status: try query.status.map(Self.wire), try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func startSurveyCampaign(_ input: Operations.StartSurveyCampaign.Input) async throws -> Operations.StartSurveyCampaign.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let overview = try await services.surveyCampaigns.start(
            .init(
                officeID: body.officeId, name: body.name, variant: try Self.wire(body.variant), templateID: body.templateId,
                templateVersion: body.templateVersion, opensOn: try Self.day(body.opensOn, field: "opensOn"),
                closesOn: try Self.day(body.closesOn, field: "closesOn"), targetPermille: try body.recoveryTarget.map(Self.permille),
                seed: body.seed),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(overview.campaign.version)), body: .json(try Self.schema(overview))))
    }

    func getSurveyCampaign(_ input: Operations.GetSurveyCampaign.Input) async throws -> Operations.GetSurveyCampaign.Output {
        let overview = try await services.surveyCampaigns.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(overview.campaign.version)), body: .json(try Self.schema(overview))))
    }

    func closeSurveyCampaign(_ input: Operations.CloseSurveyCampaign.Input) async throws -> Operations.CloseSurveyCampaign.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let overview = try await services.surveyCampaigns.close(
            id: input.path.id, acceptBelowTarget: body.acceptBelowTarget ?? false, expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(overview.campaign.version)), body: .json(try Self.schema(overview))))
    }

    func listSurveyRespondents(_ input: Operations.ListSurveyRespondents.Input) async throws -> Operations.ListSurveyRespondents.Output {
        let query = input.query
        let (campaign, page) = try await services.surveyCampaigns.respondents(
            campaignID: input.path.id, officeID: query.officeId, responded: query.responded, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map { try Self.schema($0, campaign: campaign) }, nextCursor: page.nextCursor))))
    }

    func getSurveyResults(_ input: Operations.GetSurveyResults.Input) async throws -> Operations.GetSurveyResults.Output {
        let (campaign, results) = try await services.surveyCampaigns.results(campaignID: input.path.id, try await caller())
        return .ok(.init(body: .json(.init(
            campaignId: campaign.id, recoveryTarget: Self.permille(campaign.targetPermille), total: Self.schema(results.total),
            offices: results.offices.map(Self.schema), areas: try results.areas.map(Self.schema), officeAreas: try results.officeAreas.map(Self.schema)))))
    }

    func writeSurveyAnalysis(_ input: Operations.WriteSurveyAnalysis.Input) async throws -> Operations.WriteSurveyAnalysis.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let overview = try await services.surveyCampaigns.writeAnalysis(
            id: input.path.id, analysis: body.analysis, commonIssues: body.commonIssues, expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(overview.campaign.version)), body: .json(try Self.schema(overview))))
    }

    func listSurveyFollowUps(_ input: Operations.ListSurveyFollowUps.Input) async throws -> Operations.ListSurveyFollowUps.Output {
        let query = input.query
        let page = try await services.surveyCampaigns.followUps(
            campaignID: input.path.id, officeID: query.officeId, status: try query.status.map(Self.wire), try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func completeSurveyFollowUp(_ input: Operations.CompleteSurveyFollowUp.Input) async throws -> Operations.CompleteSurveyFollowUp.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let followUp = try await services.surveyCampaigns.completeFollowUp(
            id: input.path.id, note: body.note, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(followUp.version)), body: .json(try Self.schema(followUp))))
    }

    func issueSurveyLink(_ input: Operations.IssueSurveyLink.Input) async throws -> Operations.IssueSurveyLink.Output {
        let link = try await services.surveyCampaigns.issueLink(respondentID: input.path.id, try await caller())
        return .created(.init(body: .json(.init(
            respondentId: input.path.id, key: link.key, path: "/v1/public/survey-links/\(link.key)", expiresAt: link.expiresAt))))
    }

    func enterSurveyResponse(_ input: Operations.EnterSurveyResponse.Input) async throws -> Operations.EnterSurveyResponse.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let (respondent, campaign) = try await services.surveyCampaigns.enterResponse(
            respondentID: input.path.id, answers: try Self.answers(body), try await caller())
        return .created(.init(body: .json(try Self.schema(respondent, campaign: campaign))))
    }

    /// Public: the key is the credential; no `caller()`.
    func getPublicSurvey(_ input: Operations.GetPublicSurvey.Input) async throws -> Operations.GetPublicSurvey.Output {
        let questionnaire = try await services.surveyLinks.questionnaire(key: input.path.surveyKey, clientAddress: Self.clientAddress)
        return .ok(.init(body: .json(.init(
            campaign: questionnaire.campaignName, closesOn: questionnaire.closesOn.description,
            scale: try SatisfactionScale.allCases.reversed().map { .init(score: try Self.wire(Wire(rawValue: $0.label)), label: $0.chineseLabel, value: $0.rawValue) },
            questions: try questionnaire.questions.map(Self.schema)))))
    }

    /// Public: the key is the credential; no `caller()`.
    func answerPublicSurvey(_ input: Operations.AnswerPublicSurvey.Input) async throws -> Operations.AnswerPublicSurvey.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        try await services.surveyLinks.respond(
            key: input.path.surveyKey, answers: try Self.answers(body), clientAddress: Self.clientAddress, requestID: RequestMetadata.current?.id)
        return .noContent(.init())
    }

    // MARK: - Mapping

    private static var clientAddress: String { RequestMetadata.current?.clientAddress ?? "unknown" }

    /// A raw value to hand to `wire` (which maps by raw value between Domain and generated enums).
    private struct Wire: RawRepresentable {
        let rawValue: String
    }

    static func permille(_ value: Int) -> String {
        Ratio.text(Decimal(value) / 1000, places: 3)
    }

    /// "0.65" → 650.
    static func permille(_ text: String) throws -> Int {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value >= 0, value <= 1 else {
            throw ServiceError.validation([FieldIssue("recoveryTarget", "must be a share between 0 and 1 with at most 3 decimals")])
        }
        return NSDecimalNumber(decimal: value * 1000).intValue
    }

    static func questionDraft(_ input: Components.Schemas.SurveyQuestionInput) throws -> SurveyTemplateService.QuestionDraft {
        .init(area: try wire(input.area), kind: try wire(input.kind), text: input.text)
    }

    static func answers(_ body: Components.Schemas.SurveyResponseInput) throws -> [SurveyAnswerDraft] {
        try body.answers.map { answer in
            let score = try answer.score.map { wire in
                guard let score = SatisfactionScale.allCases.first(where: { $0.label == wire.rawValue }) else {
                    throw ServiceError.validation([FieldIssue("score", "\(wire.rawValue) is not on the scale")])
                }
                return score
            }
            return SurveyAnswerDraft(position: answer.position, score: score, text: answer.text)
        }
    }

    static func schema(_ template: SurveyTemplate, _ version: SurveyTemplateVersion) throws -> Components.Schemas.SurveyTemplate {
        .init(
            id: template.id, name: template.name, latestVersion: template.latestVersion, version: version.version,
            questions: try version.questions.map(schema), createdAt: version.createdAt)
    }

    static func schema(_ question: SurveyQuestion) throws -> Components.Schemas.SurveyQuestion {
        .init(position: question.position, area: try wire(question.area), kind: try wire(question.kind), text: question.text)
    }

    static func schema(_ overview: SurveyCampaignService.Overview) throws -> Components.Schemas.SurveyCampaign {
        let campaign = overview.campaign, counts = overview.counts
        return .init(
            id: campaign.id, officeId: campaign.officeID, name: campaign.name, variant: try wire(campaign.variant), templateId: campaign.templateID,
            templateVersion: campaign.templateVersion, opensOn: campaign.opensOn.description, closesOn: campaign.closesOn.description,
            sampleRate: permille(campaign.samplePermille), keyShare: permille(campaign.keySharePermille), recoveryTarget: permille(campaign.targetPermille),
            seed: campaign.seed, complaintYear: campaign.complaintYear, status: try wire(campaign.status), outcome: try campaign.outcome.map(wire),
            closedBy: campaign.closedBy, closedAt: campaign.closedAt, analysisDueOn: campaign.analysisDueOn?.description,
            analysis: campaign.analysis, commonIssues: campaign.commonIssues, analysisBy: campaign.analysisBy, analysisAt: campaign.analysisAt,
            followUpsOpen: counts.followUpsOpen, followUpsDone: counts.followUpsDone, answerNotices: counts.answerNotices,
            respondents: counts.respondents, responses: counts.responses,
            recoveryRate: Ratio.text(Ratio.rounded(counts.responses, over: counts.respondents, places: 4) ?? 0, places: 4),
            targetMet: campaign.meetsTarget(responses: counts.responses, respondents: counts.respondents), createdBy: campaign.createdBy,
            createdAt: campaign.createdAt, version: campaign.version)
    }

    static func schema(_ respondent: SurveyRespondent, campaign: SurveyCampaign) throws -> Components.Schemas.SurveyRespondent {
        .init(
            id: respondent.id, campaignId: respondent.campaignID, officeId: respondent.officeID, unitId: respondent.unitID, unit: respondent.unitLabel,
            reason: try wire(respondent.reason), complaints: respondent.complaints, drawPosition: respondent.drawPosition,
            explanation: campaign.explanation(of: respondent.reason, complaints: respondent.complaints, drawPosition: respondent.drawPosition),
            linkIssuedAt: respondent.linkIssuedAt, responded: respondent.respondedAt != nil, respondedAt: respondent.respondedAt,
            channel: try respondent.channel.map(wire))
    }

    static func schema(_ followUp: SurveyFollowUp) throws -> Components.Schemas.SurveyFollowUp {
        .init(
            id: followUp.id, campaignId: followUp.campaignID, officeId: followUp.officeID, respondentId: followUp.respondentID, unit: followUp.unitLabel,
            mode: try wire(followUp.mode), opinion: followUp.opinion, lowScore: followUp.lowScore, keyCustomer: followUp.keyCustomer,
            dueOn: followUp.dueOn.description, status: try wire(followUp.status), note: followUp.note, doneBy: followUp.doneBy, doneAt: followUp.doneAt,
            version: followUp.version)
    }

    static func schema(_ recovery: SurveyResults.Recovery) -> Components.Schemas.SurveyRecovery {
        .init(
            officeId: recovery.officeID, officeCode: recovery.officeCode, respondents: recovery.respondents, responses: recovery.responses,
            recoveryRate: Ratio.text(recovery.recoveryRate, places: 4), targetMet: recovery.targetMet)
    }

    static func schema(_ area: SurveyResults.Satisfaction) throws -> Components.Schemas.SurveyAreaSatisfaction {
        .init(
            officeId: area.officeID, officeCode: area.officeCode, area: try wire(area.area), scaleAnswers: area.scaleAnswers,
            satisfiedAnswers: area.satisfiedAnswers, satisfactionRate: area.satisfactionRate.map { Ratio.text($0, places: 4) },
            meanScore: area.meanScore.map { Ratio.text($0, places: 2) }, rank: area.rank)
    }
}
