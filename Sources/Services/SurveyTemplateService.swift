import Domain
import Foundation
import Persistence

/// Survey templates (SRV-4): the company's questionnaire, designed by QUALITY. Questions are grouped by
/// area and answered on the satisfaction scale or in words; each change is a new version, so a running
/// campaign keeps the version it started with.
public struct SurveyTemplateService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct QuestionDraft: Sendable {
        public var area: SurveyQuestion.Area
        public var kind: SurveyQuestion.Kind
        public var text: String

        public init(area: SurveyQuestion.Area, kind: SurveyQuestion.Kind, text: String) {
            self.area = area
            self.kind = kind
            self.text = text
        }
    }

    public func create(name: String, questions: [QuestionDraft], _ caller: Caller) async throws -> (SurveyTemplate, SurveyTemplateVersion) {
        try await runner.perform(caller, .designSurveys, fields: ["survey_template_name_key": "name"]) { work in
            var issues: [FieldIssue] = []
            let name = InputRules.required(name, field: "name", limit: 200, issues: &issues)
            let questions = Self.questions(questions, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let template = try await SurveyTemplateRepository.insert(name: name, by: caller.actor.userID, at: work.now, in: work.tx)
            let version = try await SurveyTemplateRepository.insertVersion(
                templateID: template.id, version: 1, questions: questions, by: caller.actor.userID, at: work.now, in: work.tx)
            try await work.audit(Self.auditEntry("create", template: template, version: version))
            return (template, version)
        }
    }

    /// A new version with these questions; earlier versions stay as they were.
    public func addVersion(templateID: Int64, questions: [QuestionDraft], _ caller: Caller) async throws -> (SurveyTemplate, SurveyTemplateVersion) {
        try await runner.perform(caller, .designSurveys) { work in
            guard let current = try await SurveyTemplateRepository.find(id: templateID, forUpdate: true, in: work.tx)
            else { throw ServiceError.notFound("no survey template with id \(templateID)") }
            var issues: [FieldIssue] = []
            let questions = Self.questions(questions, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let version = try await SurveyTemplateRepository.insertVersion(
                templateID: templateID, version: current.latestVersion + 1, questions: questions, by: caller.actor.userID, at: work.now, in: work.tx)
            guard let template = try await SurveyTemplateRepository.find(id: templateID, in: work.tx)
            else { throw ServiceError.notFound("no survey template with id \(templateID)") }
            try await work.audit(Self.auditEntry("version", template: template, version: version))
            return (template, version)
        }
    }

    /// The template with its latest version, or with `version`.
    public func get(id: Int64, version: Int?, _ caller: Caller) async throws -> (SurveyTemplate, SurveyTemplateVersion) {
        try await runner.perform(caller, .readSurveys, readOnly: true) { work in
            guard let template = try await SurveyTemplateRepository.find(id: id, in: work.tx),
                  let questions = try await SurveyTemplateRepository.version(templateID: id, version: version ?? template.latestVersion, in: work.tx)
            else { throw ServiceError.notFound("no survey template \(id)\(version.map { " version \($0)" } ?? "")") }
            return (template, questions)
        }
    }

    public func list(_ caller: Caller, page: PageRequest) async throws -> Page<SurveyTemplate> {
        try await runner.perform(caller, .readSurveys, readOnly: true) { work in
            page.page(from: try await SurveyTemplateRepository.list(afterID: page.afterID, limit: page.limit, in: work.tx), id: \.id)
        }
    }

    /// 1-100 questions of 1-500 characters, numbered in order.
    private static func questions(_ drafts: [QuestionDraft], issues: inout [FieldIssue]) -> [SurveyQuestion] {
        if drafts.isEmpty || drafts.count > SurveyTemplateVersion.maximumQuestions {
            issues.append(FieldIssue("questions", "must hold 1-\(SurveyTemplateVersion.maximumQuestions) questions"))
        }
        return drafts.enumerated().map { index, draft in
            let text = InputRules.required(draft.text, field: "questions[\(index)].text", limit: 500, issues: &issues)
            return SurveyQuestion(position: index + 1, area: draft.area, kind: draft.kind, text: text)
        }
    }

    private static func auditEntry(_ verb: String, template: SurveyTemplate, version: SurveyTemplateVersion) -> AuditEntry {
        let questions = version.questions.map { "\($0.position). [\($0.area.rawValue)/\($0.kind.rawValue)] \($0.text)" }.joined(separator: "\n")
        var changes: [String: AuditEntry.FieldChange] = [
            "version": .init(before: version.version > 1 ? String(version.version - 1) : nil, after: String(version.version)),
            "questions": .init(before: nil, after: questions),
        ]
        if verb == "create" { changes["name"] = .init(before: nil, after: template.name) }
        return AuditEntry(action: "survey_template.\(verb)", entityType: "survey_template", entityID: String(template.id), changes: changes)
    }
}
