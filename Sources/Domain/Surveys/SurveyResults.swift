import Foundation

/// A campaign's live results (SRV-3/4), from the `bi` views BI tools read: recovery per office and in
/// all, satisfaction per office and area ranked across offices, and per area in all.
///
/// Recovery rate = responses / respondents. Satisfaction rate = scale answers of 4 (satisfied) or 5
/// (very satisfied) / all scale answers; unanswered questions and text answers do not count; nil with
/// no scale answers. Rates are rounded to 4 decimals, mean scores to 2.
public struct SurveyResults: Sendable, Hashable {
    public struct Recovery: Sendable, Hashable {
        /// nil: the campaign in all.
        public let officeID: Int64?
        public let officeCode: String?
        public let respondents: Int
        public let responses: Int
        public let recoveryRate: Decimal
        public let targetMet: Bool

        public init(officeID: Int64?, officeCode: String?, respondents: Int, responses: Int, recoveryRate: Decimal, targetMet: Bool) {
            self.officeID = officeID
            self.officeCode = officeCode
            self.respondents = respondents
            self.responses = responses
            self.recoveryRate = recoveryRate
            self.targetMet = targetMet
        }
    }

    public struct Satisfaction: Sendable, Hashable {
        /// nil: every office of the campaign together.
        public let officeID: Int64?
        public let officeCode: String?
        public let area: SurveyQuestion.Area
        public let scaleAnswers: Int
        public let satisfiedAnswers: Int
        public let satisfactionRate: Decimal?
        public let meanScore: Decimal?
        /// Among the campaign's offices in this area (HQ only; ties share a rank).
        public let rank: Int?

        public init(
            officeID: Int64?, officeCode: String?, area: SurveyQuestion.Area, scaleAnswers: Int, satisfiedAnswers: Int, satisfactionRate: Decimal?,
            meanScore: Decimal?, rank: Int?
        ) {
            self.officeID = officeID
            self.officeCode = officeCode
            self.area = area
            self.scaleAnswers = scaleAnswers
            self.satisfiedAnswers = satisfiedAnswers
            self.satisfactionRate = satisfactionRate
            self.meanScore = meanScore
            self.rank = rank
        }
    }

    public let total: Recovery
    public let offices: [Recovery]
    public let areas: [Satisfaction]
    public let officeAreas: [Satisfaction]

    public init(total: Recovery, offices: [Recovery], areas: [Satisfaction], officeAreas: [Satisfaction]) {
        self.total = total
        self.offices = offices
        self.areas = areas
        self.officeAreas = officeAreas
    }
}
