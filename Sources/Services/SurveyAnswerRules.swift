import Domain

/// One answer as a form gives it: a question's position with a score label or words.
public struct SurveyAnswerDraft: Sendable {
    public var position: Int
    public var score: SatisfactionScale?
    public var text: String?

    public init(position: Int, score: SatisfactionScale?, text: String?) {
        self.position = position
        self.score = score
        self.text = text
    }
}

/// The answers of one form checked against the campaign's questions (SRV-3), alike for a paper form a
/// staff member enters and for the owner's one-time link: each answer names a question of the version
/// once; a scale question takes a score, a text question words (at most 2000 characters); questions
/// may be left unanswered, but a form answers at least one.
enum SurveyAnswerRules {
    static func check(_ drafts: [SurveyAnswerDraft], questions: [SurveyQuestion]) throws -> [SurveyAnswer] {
        var issues: [FieldIssue] = []
        if drafts.isEmpty { issues.append(FieldIssue("answers", "must answer at least one question")) }
        let byPosition = Dictionary(uniqueKeysWithValues: questions.map { ($0.position, $0) })
        var seen: Set<Int> = []
        var answers: [SurveyAnswer] = []
        for (index, draft) in drafts.enumerated() {
            let field = "answers[\(index)]"
            guard let question = byPosition[draft.position] else {
                issues.append(FieldIssue("\(field).position", "the survey has no question \(draft.position)"))
                continue
            }
            guard seen.insert(draft.position).inserted else {
                issues.append(FieldIssue("\(field).position", "question \(draft.position) is answered twice"))
                continue
            }
            switch question.kind {
            case .scale:
                if draft.text != nil { issues.append(FieldIssue("\(field).text", "question \(draft.position) is answered with a score")) }
                guard let score = draft.score else {
                    issues.append(FieldIssue("\(field).score", "question \(draft.position) needs a score"))
                    continue
                }
                answers.append(SurveyAnswer(position: draft.position, score: score, text: nil))
            case .text:
                if draft.score != nil { issues.append(FieldIssue("\(field).score", "question \(draft.position) is answered in words")) }
                let text = InputRules.required(draft.text ?? "", field: "\(field).text", limit: 2000, issues: &issues)
                answers.append(SurveyAnswer(position: draft.position, score: nil, text: text))
            }
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return answers.sorted { $0.position < $1.position }
    }
}
